--liquibase formatted sql

--changeset wacampaigns:006-drop-unused-phone-index
-- No query looks recipients up by phone alone (suppression checks go by recipient id and
-- the suppressions table's own key), while every imported row paid for this index.
DROP INDEX campaign_recipients_full_phone_idx;
