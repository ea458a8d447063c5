--liquibase formatted sql

--changeset wacampaigns:003-import-errors
-- Every rejected row of a CSV import, for the downloadable report.
CREATE TABLE import_errors (
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  line        bigint NOT NULL,
  value       text,
  reason      text NOT NULL
);
CREATE INDEX import_errors_campaign_idx ON import_errors (campaign_id, line);
