--liquibase formatted sql

--changeset wacampaigns:008-failed-recipients-index runInTransaction:false
-- The (campaign_id, status) index took an entry for every imported row, all of them
-- PENDING: a quarter of COPY's work (binary COPY into the recipients table: 139k rows/s
-- with it, 185k without). What it served is served otherwise: the failed recipients of a
-- campaign (the API's "who failed and why", retry-failed) by this partial index, which
-- imports never touch; the first PENDING recipient (resume, the feeder's sweep) by
-- walking (campaign_id, sequence) in order, which stops at the first one.
CREATE INDEX CONCURRENTLY IF NOT EXISTS campaign_recipients_failed_idx
  ON campaign_recipients (campaign_id, sequence) WHERE status = 'FAILED';

--changeset wacampaigns:008-drop-recipient-status-index runInTransaction:false
DROP INDEX CONCURRENTLY IF EXISTS campaign_recipients_status_idx;
