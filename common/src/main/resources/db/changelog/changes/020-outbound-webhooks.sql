--liquibase formatted sql

--changeset wacampaigns:020-webhook-endpoints
-- Where a user wants to be told what happens (outbound webhooks). The secret signs every
-- delivery; it is stored encrypted like senders' tokens and shown once. An endpoint that
-- keeps failing is disabled, with the reason, and stays so until its user enables it.
CREATE TABLE webhook_endpoints (
  id              uuid PRIMARY KEY,
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  url             text NOT NULL,
  description     text,
  events          text[] NOT NULL,
  secret          text NOT NULL,
  status          text NOT NULL DEFAULT 'ENABLED' CHECK (status IN ('ENABLED', 'DISABLED')),
  disabled_reason text,
  disabled_at     timestamptz,
  failing_since   timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_user_idx ON webhook_endpoints (user_id);

--changeset wacampaigns:020-webhook-deliveries
-- One POST to an endpoint (one event, or up to N message states), kept as the delivery
-- log: the body as signed, its attempts and the last error. PENDING ones are the queue:
-- each gateway leases due ones (locked_until), so a crashed gateway's are taken again.
CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY,
  endpoint_id      uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_types      text[] NOT NULL,
  event_count      int NOT NULL,
  payload          text NOT NULL,
  status           text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
  attempts         int NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  give_up_at       timestamptz NOT NULL,
  locked_until     timestamptz,
  last_attempt_at  timestamptz,
  last_status_code int,
  last_error       text,
  delivered_at     timestamptz
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC);

--changeset wacampaigns:020-outbound-outbox
-- Events the gateway's database makes (a campaign's status, an opt-out), written by
-- triggers in the transaction that made them and moved to Kafka by the gateway's relay,
-- which deletes them once Kafka has them: none is lost when a gateway dies between the
-- two. Only users with an enabled endpoint get rows. event_id is fixed here, so a row
-- published twice (a relay that died before its delete committed) is one event.
CREATE TABLE outbound_outbox (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    uuid NOT NULL,
  event_id   text NOT NULL DEFAULT 'evt_' || replace(gen_random_uuid()::text, '-', ''),
  type       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  data       jsonb NOT NULL
);

--changeset wacampaigns:020-outbound-campaign-trigger splitStatements:false
CREATE FUNCTION outbound_campaign_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = NEW.user_id AND e.status = 'ENABLED') THEN
    RETURN NULL;
  END IF;
  INSERT INTO outbound_outbox (user_id, type, data)
  VALUES (NEW.user_id, 'campaign.status_changed',
          jsonb_build_object('campaign_id', NEW.id, 'name', NEW.name, 'from_status', OLD.status,
                             'to_status', NEW.status,
                             'reason', coalesce(nullif(current_setting('wa.reason', true), ''), NEW.status_reason),
                             'changed_at', clock_timestamp()));
  IF NEW.status = 'COMPLETED' THEN
    INSERT INTO outbound_outbox (user_id, type, data)
    VALUES (NEW.user_id, 'campaign.completed',
            jsonb_build_object('campaign_id', NEW.id, 'name', NEW.name, 'total_recipients', NEW.total_recipients,
                               'sent', NEW.sent, 'delivered', NEW.delivered, 'read', NEW.read,
                               'failed', NEW.failed, 'skipped', NEW.skipped, 'unknown', NEW.unknown,
                               'completed_at', coalesce(NEW.completed_at, clock_timestamp())));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER campaign_status_outbound AFTER UPDATE OF status ON campaigns
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION outbound_campaign_status();

--changeset wacampaigns:020-outbound-opt-out-trigger splitStatements:false
-- An opt-out or opt-in that changed the number (an older one that did not is not news),
-- and Meta's 131050, which the ingestor writes straight to suppressions.
CREATE FUNCTION outbound_opt_out() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stop boolean;
  source text;
  at timestamptz;
  detail text;
BEGIN
  IF TG_TABLE_NAME = 'opt_out_events' THEN
    IF NOT NEW.applied THEN
      RETURN NULL;
    END IF;
    stop := NEW.action = 'STOP';
    source := NEW.source;
    at := NEW.event_at;
    detail := NEW.detail;
  ELSE
    IF NEW.source <> 'META_131050' OR (TG_OP = 'UPDATE' AND OLD.source = NEW.source) THEN
      RETURN NULL;
    END IF;
    stop := true;
    source := NEW.source;
    at := NEW.changed_at;
    detail := NEW.reason;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = NEW.user_id AND e.status = 'ENABLED') THEN
    RETURN NULL;
  END IF;
  -- Its id is made of what it says, so that Meta's repeat of a webhook is the same event.
  INSERT INTO outbound_outbox (user_id, event_id, type, data)
  VALUES (NEW.user_id,
          'evt_' || md5(concat_ws('|', NEW.user_id, NEW.phone, stop, source, extract(epoch FROM at))),
          CASE WHEN stop THEN 'contact.opted_out' ELSE 'contact.opted_in' END,
          jsonb_build_object('phone', NEW.phone, 'source', lower(source), 'at', at, 'detail', detail));
  RETURN NULL;
END
$$;
CREATE TRIGGER opt_out_outbound AFTER INSERT ON opt_out_events
  FOR EACH ROW EXECUTE FUNCTION outbound_opt_out();
CREATE TRIGGER meta_opt_out_outbound AFTER INSERT OR UPDATE OF source ON suppressions
  FOR EACH ROW EXECUTE FUNCTION outbound_opt_out();
