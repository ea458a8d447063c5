--liquibase formatted sql

--changeset wacampaigns:019-api-keys
-- Server-to-server keys: each acts as its user with only its scopes. Only a SHA-256 of the
-- key is kept (a key is 256 random bits, so a fast hash is enough: nothing to guess); its
-- prefix finds it and names it in lists. Revoked keys stay, for the record.
CREATE TABLE api_keys (
  id               uuid PRIMARY KEY,
  user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name             text NOT NULL,
  prefix           text NOT NULL UNIQUE,
  secret_hash      bytea NOT NULL,
  scopes           text[] NOT NULL,
  allowed_networks text[],
  expires_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_used_at     timestamptz,
  revoked_at       timestamptz
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id, created_at DESC);
