--liquibase formatted sql

--changeset wacampaigns:004-idempotency-keys
-- A create retried with the same Idempotency-Key returns the first campaign.
CREATE TABLE idempotency_keys (
  user_id     uuid NOT NULL REFERENCES users (id),
  key         text NOT NULL,
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
