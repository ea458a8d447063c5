--liquibase formatted sql

--changeset wacampaigns:015-portfolio-reach
-- Who each business portfolio reached and when it last did, for Meta's messaging limit:
-- the unique users a portfolio reaches with business-initiated messages in any moving
-- 24 hours (gateway.senders.messaging-window). The feeder counts a recipient when it
-- feeds it, before the send: a record fed but never sent costs budget, never the other
-- way round. portfolio is sender_portfolio(...) below: 'business:<id>', or 'waba:<id>' /
-- 'number:<id>' while the portfolio is not known. Rows older than the window are deleted
-- by the feeder.
CREATE TABLE portfolio_reach (
  portfolio  text NOT NULL,
  phone      text NOT NULL,
  reached_at timestamptz NOT NULL,
  PRIMARY KEY (portfolio, phone)
);
CREATE INDEX portfolio_reach_recent_idx ON portfolio_reach (portfolio, reached_at);

--changeset wacampaigns:015-campaign-waiting
-- A RUNNING campaign that cannot go on for now (its portfolio's messaging limit is used
-- up) says why and until when; NULL while it is fed.
ALTER TABLE campaigns
  ADD COLUMN waiting_reason text,
  ADD COLUMN waiting_until  timestamptz;

--changeset wacampaigns:015-sender-portfolio splitStatements:false
-- The key of a number's business portfolio in portfolio_reach, written once for the
-- feeder and the estimates: the portfolio when Meta said it, else the account, else the
-- number itself.
CREATE FUNCTION sender_portfolio(business_id text, waba_id text, phone_number_id text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce('business:' || business_id, 'waba:' || waba_id, 'number:' || phone_number_id)
$$;

--changeset wacampaigns:015-clear-waiting splitStatements:false
-- Only a RUNNING campaign waits: any other status clears the note, whoever changes it.
CREATE FUNCTION clear_campaign_waiting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status <> 'RUNNING' THEN
    NEW.waiting_reason := NULL;
    NEW.waiting_until := NULL;
  END IF;
  RETURN NEW;
END
$$;

--changeset wacampaigns:015-clear-waiting-trigger
CREATE TRIGGER campaign_waiting_cleared BEFORE UPDATE OF status ON campaigns
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION clear_campaign_waiting();
