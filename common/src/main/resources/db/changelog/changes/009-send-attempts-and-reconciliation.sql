--liquibase formatted sql

--changeset wacampaigns:009-send-attempts
-- claimed_at: when the dispatcher claimed the row (PENDING -> SENDING), written by the
-- claim itself. attempted_at: set just before the request to Meta is written, cleared when
-- the attempt's outcome is known to be "not sent" (a refusal waiting for its retry, a
-- release). A row SENDING with no attempted_at was claimed but never sent: the reconciler
-- may hand it back to the feed. retry_count now counts the attempts made.
ALTER TABLE campaign_recipients ADD COLUMN claimed_at timestamptz;
ALTER TABLE campaign_recipients ADD COLUMN attempted_at timestamptz;

--changeset wacampaigns:009-unknown-counter
-- unknown = FAILED recipients whose send had no known outcome (no answer, an ambiguous 5xx,
-- no status from Meta) within the quiet period; they are also counted in failed.
ALTER TABLE campaigns ADD COLUMN unknown int NOT NULL DEFAULT 0;

--changeset wacampaigns:009-in-flight-index
-- The reconciler's only way in: recipients in flight, oldest claim first. Rows enter it
-- twice in their life (claimed, accepted) and every other row never.
CREATE INDEX campaign_recipients_in_flight_idx ON campaign_recipients (claimed_at)
  WHERE status IN ('SENDING', 'ACCEPTED');

--changeset wacampaigns:009-reconciler-lease
-- One reconciler at a time across gateways: the one that holds this row's lock.
CREATE TABLE reconciler_lease (
  name      text PRIMARY KEY,
  last_run  timestamptz
);
INSERT INTO reconciler_lease (name) VALUES ('recipients');

--changeset wacampaigns:009-feed-lease
-- The feeder takes a campaign for one round with this lease instead of holding the
-- campaign's row lock while it waits on Kafka: a pause or a stop never waits behind a
-- broker that is away.
ALTER TABLE campaigns ADD COLUMN feed_lease_until timestamptz;
