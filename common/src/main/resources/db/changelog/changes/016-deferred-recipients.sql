--liquibase formatted sql

--changeset wacampaigns:016-deferred-recipients
-- A recipient Meta would not deliver to for now because of its per-user marketing limit
-- (131049) waits PENDING until not_before, and is sent again then, at most
-- dispatcher.marketing-limit.max-deferrals times (deferrals): the feeder passes over it
-- until then, and its campaign stays RUNNING, saying why it waits.
ALTER TABLE campaign_recipients
  ADD COLUMN not_before timestamptz,
  ADD COLUMN deferrals  smallint NOT NULL DEFAULT 0;
-- The few that wait, found without reading the campaign's other rows.
CREATE INDEX campaign_recipients_waiting_idx ON campaign_recipients (campaign_id, not_before)
  WHERE status = 'PENDING' AND not_before IS NOT NULL;

--changeset wacampaigns:016-resume-cursor splitStatements:false
-- Where the feed of a campaign starts again when it resumes (by hand, or when Meta
-- reinstates its template): just before its first PENDING recipient, since records fed
-- while it was paused were passed over; the cursor as it was when none is PENDING.
CREATE FUNCTION resume_cursor(campaign uuid, cursor bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT r.sequence - 1
                   FROM campaign_recipients r
                   WHERE r.campaign_id = campaign AND r.status = 'PENDING'
                   ORDER BY r.sequence
                   LIMIT 1), cursor)
$$;
