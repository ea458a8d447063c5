--liquibase formatted sql

--changeset wacampaigns:018-quiet-hours
-- Hours of the recipient's own day in which the campaign sends nothing (from included,
-- until excluded, across midnight when from is later): the feeder holds a recipient in
-- them PENDING until their end (not_before), in every time zone its number may be in.
ALTER TABLE campaigns
  ADD COLUMN quiet_from  time,
  ADD COLUMN quiet_until time,
  ADD CONSTRAINT campaigns_quiet_hours_check
    CHECK ((quiet_from IS NULL) = (quiet_until IS NULL) AND (quiet_from IS NULL OR quiet_from <> quiet_until));
