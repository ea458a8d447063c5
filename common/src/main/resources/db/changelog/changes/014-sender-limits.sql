--liquibase formatted sql

--changeset wacampaigns:014-sender-limits
-- Meta's limits on each number, read at connect, every gateway.senders.limits-refresh-interval
-- and after Meta's phone_number_quality_update and business_capability_update webhooks:
-- business_id is the business portfolio (Meta's owner_business_info of the number's
-- account, or given at connect); messaging_tier the portfolio's messaging limit (TIER_250,
-- TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED), shared by all of its numbers;
-- quality_rating GREEN, YELLOW, RED or UNKNOWN; throughput_level STANDARD (80 mps) or
-- HIGH (1,000). NULL until Meta said.
ALTER TABLE senders
  ADD COLUMN business_id       text,
  ADD COLUMN messaging_tier    text,
  ADD COLUMN quality_rating    text,
  ADD COLUMN throughput_level  text,
  ADD COLUMN limits_checked_at timestamptz;
CREATE INDEX senders_business_id_idx ON senders (business_id) WHERE business_id IS NOT NULL;

--changeset wacampaigns:014-sender-limits-lease
-- The periodic read of the numbers' limits takes its turn with this row.
INSERT INTO reconciler_lease (name) VALUES ('sender-limits');
