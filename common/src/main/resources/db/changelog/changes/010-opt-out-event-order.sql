--liquibase formatted sql

--changeset wacampaigns:010-suppression-source
-- Where each suppression came from, and when it last changed (for an opt-out, the time the
-- user sent it, as Meta reports it). An opt-in (a START reply, a user_preferences resume)
-- lifts only what an opt-out put there (REPLY, USER_PREFERENCES), never a number the owner
-- added (MANUAL) or one Meta refused with 131050 (META_131050). A writer that names no
-- source is taken for the owner, the one kind an opt-in never lifts. Rows from before this
-- change get their source from the reasons the gateway and the ingestor wrote.
ALTER TABLE suppressions
  ADD COLUMN source text NOT NULL DEFAULT 'MANUAL'
    CONSTRAINT suppressions_source_check CHECK (source IN ('MANUAL', 'REPLY', 'USER_PREFERENCES', 'META_131050')),
  ADD COLUMN changed_at timestamptz;
UPDATE suppressions
SET source = CASE
      WHEN reason = 'Stopped marketing messages (131050)' THEN 'META_131050'
      WHEN reason LIKE 'Stopped marketing messages%' THEN 'USER_PREFERENCES'
      WHEN reason LIKE 'Replied %' THEN 'REPLY'
      ELSE 'MANUAL'
    END,
    changed_at = created_at;
ALTER TABLE suppressions
  ALTER COLUMN changed_at SET DEFAULT now(),
  ALTER COLUMN changed_at SET NOT NULL;

--changeset wacampaigns:010-opt-out-events
-- Every opt-out and opt-in received by webhook, and the owner's own additions and
-- removals. Meta retries webhooks and does not order them: an event older than the last
-- applied change of its number is recorded with applied = false and changes nothing. At
-- the same second a STOP outranks a RESUME, so the outcome does not depend on the order of
-- arrival. event_at is when the user made the change; received_at, when it reached us.
CREATE TABLE opt_out_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id),
  phone       text NOT NULL,
  action      text NOT NULL CHECK (action IN ('STOP', 'RESUME')),
  source      text NOT NULL CHECK (source IN ('MANUAL', 'REPLY', 'USER_PREFERENCES')),
  event_at    timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  applied     boolean NOT NULL,
  detail      text
);
-- The last applied change of a number, which each new event of that number is judged by.
CREATE INDEX opt_out_events_applied_idx ON opt_out_events (user_id, phone, event_at DESC) WHERE applied;

--changeset wacampaigns:010-opt-out-events-before-the-table
-- Opt-outs stored before this table count as applied when they were stored, so that an
-- older opt-in retried after the upgrade cannot lift them.
INSERT INTO opt_out_events (user_id, phone, action, source, event_at, received_at, applied, detail)
SELECT user_id, phone, 'STOP', source, created_at, created_at, true, reason
FROM suppressions
WHERE source IN ('REPLY', 'USER_PREFERENCES');
