--liquibase formatted sql

--changeset wacampaigns:016-deferred-recipients
-- A recipient Meta would not deliver to for now because of its per-user marketing limit
-- (131049) waits PENDING until not_before, and is sent again then, at most
-- dispatcher.marketing-limit.max-deferrals times (deferrals): the feeder passes over it
-- until then, and its campaign stays RUNNING, saying why it waits.
ALTER TABLE campaign_recipients
  ADD COLUMN not_before timestamptz,
  ADD COLUMN deferrals  smallint NOT NULL DEFAULT 0;
