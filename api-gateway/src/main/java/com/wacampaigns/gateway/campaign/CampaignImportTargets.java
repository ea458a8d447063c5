package com.wacampaigns.gateway.campaign;

import java.util.UUID;

import org.springframework.stereotype.Component;

import com.wacampaigns.gateway.auth.Caller;
import com.wacampaigns.gateway.auth.UserAccounts;
import com.wacampaigns.gateway.auth.UserAccounts.UserAccount;
import com.wacampaigns.gateway.campaign.JdbcCampaignRepository.Template;
import com.wacampaigns.gateway.csv.ImportTarget;
import com.wacampaigns.gateway.csv.ImportTargets;
import com.wacampaigns.gateway.recipient.RecipientRules;

/**
 * The campaign a CSV import goes into, seen by the caller, with its owner's region and
 * its template's parameter count.
 */
@Component
class CampaignImportTargets implements ImportTargets {

	private final Campaigns campaigns;

	private final UserAccounts users;

	private final JdbcCampaignRepository repository;

	CampaignImportTargets(Campaigns campaigns, UserAccounts users, JdbcCampaignRepository repository) {
		this.campaigns = campaigns;
		this.users = users;
		this.repository = repository;
	}

	@Override
	public ImportTarget of(Caller caller, UUID campaignId) {
		CampaignView campaign = this.campaigns.get(caller, campaignId);
		UserAccount owner = this.users.byId(campaign.userId()).orElseThrow();
		Template template = this.repository.template(campaign.templateId()).orElseThrow();
		return new ImportTarget(campaign.id(), owner.id(), campaign.status(),
				new RecipientRules(owner.defaultRegion(), template.parameterCount()));
	}

}
