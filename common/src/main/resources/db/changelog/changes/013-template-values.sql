--liquibase formatted sql

--changeset wacampaigns:013-campaign-template-values
-- Where a campaign takes each template variable from when a recipient has none of its
-- own: {"header_image_url": {"value": "https://..."}} for one value for everyone,
-- {"first_name": {"field": "name"}} for a recipient field. Fixed values are kept here
-- once rather than in every recipient row; the feeder adds them to each send.
ALTER TABLE campaigns ADD COLUMN template_values jsonb NOT NULL DEFAULT '{}';
