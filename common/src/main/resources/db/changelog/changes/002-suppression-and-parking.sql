--liquibase formatted sql

--changeset wacampaigns:002-skipped-counter
-- skipped = SKIPPED recipients (suppressed at import or just before sending).
ALTER TABLE campaigns ADD COLUMN skipped int NOT NULL DEFAULT 0;

--changeset wacampaigns:002-unmatched-statuses
-- Status events whose message the database does not know yet (the webhook beat the
-- dispatcher's outcome, and carried no callback data): retried, then dead-lettered.
CREATE TABLE unmatched_statuses (
  wamid           text NOT NULL,
  status          text NOT NULL,
  event           jsonb NOT NULL,
  attempts        int NOT NULL DEFAULT 0,
  first_seen      timestamptz NOT NULL DEFAULT now(),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (wamid, status)
);
CREATE INDEX unmatched_statuses_next_attempt_idx ON unmatched_statuses (next_attempt_at);
