--liquibase formatted sql

--changeset wacampaigns:012-campaigns-paused-for-their-template
-- A campaign that Meta's pause (or disabling) of its template paused is marked so, and
-- resumes on its own when Meta reinstates the template, unless its owner said otherwise.
-- Any other change of status clears the mark (a trigger, so that no writer can forget):
-- a campaign its owner paused or resumed meanwhile is the owner's again.
ALTER TABLE campaigns
  ADD COLUMN paused_for_template boolean NOT NULL DEFAULT false,
  ADD COLUMN resume_when_template_reinstated boolean NOT NULL DEFAULT true;

--changeset wacampaigns:012-clear-template-pause-mark splitStatements:false
CREATE FUNCTION clear_template_pause_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.paused_for_template AND OLD.paused_for_template THEN
    NEW.paused_for_template := false;
  END IF;
  RETURN NEW;
END
$$;

--changeset wacampaigns:012-clear-template-pause-mark-trigger
CREATE TRIGGER campaign_template_pause_mark BEFORE UPDATE OF status ON campaigns
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION clear_template_pause_mark();
