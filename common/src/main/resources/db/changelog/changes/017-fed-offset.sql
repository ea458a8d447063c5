--liquibase formatted sql

--changeset wacampaigns:017-fed-offset
-- Where in campaign.dispatch the campaign's last record went (partition and offset): the
-- feeder's tail sweep feeds PENDING recipients again only once the dispatchers have read
-- past it, so that it never feeds records that are still waiting in Kafka.
ALTER TABLE campaigns
  ADD COLUMN fed_partition integer,
  ADD COLUMN fed_offset    bigint;
