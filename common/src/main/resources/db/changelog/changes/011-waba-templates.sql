--liquibase formatted sql

--changeset wacampaigns:011-sender-waba
-- The WhatsApp Business Account a number belongs to, given when it is connected: the
-- account's templates are synced with the number's token, and the number's owner sees
-- them. NULL for a number connected without one (the seed's flow), which has only local
-- templates.
ALTER TABLE senders ADD COLUMN waba_id text;
CREATE INDEX senders_waba_id_idx ON senders (waba_id) WHERE waba_id IS NOT NULL;

--changeset wacampaigns:011-waba-templates
-- Templates as Meta knows them, synced from each account's list and changed by Meta's
-- template webhooks. waba_id names the account; NULL is a local template, made here, whose
-- status an admin records (the demo, tests). A synced template belongs to its account, not
-- to a user (user_id NULL), and is seen by the users with a number of that account.
-- components is Meta's JSON as it came; body and parameter_count are filled from the BODY
-- component so that the campaign path reads every template alike. A template Meta no
-- longer lists is kept as DELETED: campaigns and their history name it, and Meta sends by
-- name and language, so a template created again under that name takes the same row.
ALTER TABLE templates
  ADD COLUMN waba_id          text,
  ADD COLUMN meta_template_id text,
  ADD COLUMN components       jsonb,
  ADD COLUMN parameter_format text NOT NULL DEFAULT 'POSITIONAL',
  ADD COLUMN sub_category     text,
  ADD COLUMN quality_score    text,
  ADD COLUMN rejected_reason  text,
  ADD COLUMN synced_at        timestamptz,
  ADD CONSTRAINT templates_synced_have_no_owner CHECK (waba_id IS NULL OR user_id IS NULL),
  ADD CONSTRAINT templates_meta_id_has_waba CHECK (meta_template_id IS NULL OR waba_id IS NOT NULL);
-- Meta's statuses besides the five the seed knew.
ALTER TABLE templates DROP CONSTRAINT templates_status_check;
ALTER TABLE templates ADD CONSTRAINT templates_status_check
  CHECK (status IN ('APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL', 'PENDING_DELETION',
                    'DELETED', 'ARCHIVED', 'LIMIT_EXCEEDED'));
CREATE UNIQUE INDEX templates_waba_meta_id_key ON templates (waba_id, meta_template_id)
  WHERE meta_template_id IS NOT NULL;
CREATE UNIQUE INDEX templates_waba_name_language_key ON templates (waba_id, name, language)
  WHERE waba_id IS NOT NULL;

--changeset wacampaigns:011-template-sync-lease
-- The periodic template sync takes its turn with this row: one gateway per interval.
INSERT INTO reconciler_lease (name) VALUES ('templates');
