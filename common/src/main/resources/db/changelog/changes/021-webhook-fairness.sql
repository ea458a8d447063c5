--liquibase formatted sql

--changeset wacampaigns:021-webhook-deliveries-per-endpoint
-- Deliveries are leased endpoint by endpoint, each up to its share of attempts in flight,
-- so that one slow or backlogged endpoint cannot hold every attempt slot: the due ones of
-- an endpoint, oldest first, and the ones it has in flight (locked_until is set only while
-- an attempt is made, or left by a gateway that died during one).
CREATE INDEX webhook_deliveries_endpoint_due_idx ON webhook_deliveries (endpoint_id, next_attempt_at)
  WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_in_flight_idx ON webhook_deliveries (endpoint_id) WHERE locked_until IS NOT NULL;
DROP INDEX webhook_deliveries_due_idx;

--changeset wacampaigns:021-webhook-deliveries-retention
-- The delivery log is kept for a configured time; settled deliveries older than that are
-- deleted in chunks, oldest first.
CREATE INDEX webhook_deliveries_settled_idx ON webhook_deliveries (created_at) WHERE status <> 'PENDING';

--changeset wacampaigns:021-webhook-leases
-- Each lease has its own token: an attempt settles its delivery only while its lease is
-- the delivery's, so an attempt that outlived its lease cannot undo what a later one did.
ALTER TABLE webhook_deliveries ADD COLUMN lease_token uuid;

--changeset wacampaigns:021-webhook-endpoint-last-failure
-- A run of failures is one that no quiet time interrupts: an endpoint that failed a week
-- ago and once more today has not been failing for a week.
ALTER TABLE webhook_endpoints ADD COLUMN last_failed_at timestamptz;
