--liquibase formatted sql

--changeset wacampaigns:005-campaign-history
-- Every status change of a campaign, with who made it and why. A trigger writes it, so
-- changes made by the dispatcher (sender trouble) and the ingestor (completion) are there
-- too; the gateway names the person with set_config('wa.actor_id' / 'wa.action' /
-- 'wa.reason', ..., true) in the same transaction.
CREATE TABLE campaign_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_id    uuid REFERENCES users (id) ON DELETE SET NULL,
  action      text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  reason      text
);
CREATE INDEX campaign_history_campaign_idx ON campaign_history (campaign_id, at);

--changeset wacampaigns:005-campaign-history-trigger splitStatements:false
CREATE FUNCTION record_campaign_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO campaign_history (campaign_id, actor_id, action, from_status, to_status, reason)
  VALUES (NEW.id,
          CAST(nullif(current_setting('wa.actor_id', true), '') AS uuid),
          coalesce(nullif(current_setting('wa.action', true), ''),
                   CASE WHEN TG_OP = 'INSERT' THEN 'create' ELSE 'system' END),
          CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.status END,
          NEW.status,
          coalesce(nullif(current_setting('wa.reason', true), ''), NEW.status_reason));
  RETURN NULL;
END
$$;

--changeset wacampaigns:005-campaign-history-triggers
CREATE TRIGGER campaign_created AFTER INSERT ON campaigns
  FOR EACH ROW EXECUTE FUNCTION record_campaign_status();
CREATE TRIGGER campaign_status_changed AFTER UPDATE OF status ON campaigns
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION record_campaign_status();

--changeset wacampaigns:005-message-volume
-- Messages by day and state reached, kept by the status ingestor in the statement that
-- applies a batch, so the admin's "today" and "this week" never count recipient rows.
-- Batches write to one of 16 shards (by transaction id) so that two ingestor threads do
-- not queue on one row.
CREATE TABLE message_volume (
  day    date NOT NULL,
  status text NOT NULL,
  shard  smallint NOT NULL,
  count  bigint NOT NULL,
  PRIMARY KEY (day, status, shard)
);

--changeset wacampaigns:005-recent-failures
-- The admin's top error codes read recent failures only, through this small index.
CREATE INDEX campaign_recipients_recent_failures_idx ON campaign_recipients (failed_at) WHERE status = 'FAILED';
