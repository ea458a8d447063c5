package com.wacampaigns.gateway.campaign;

import java.util.UUID;

import org.springframework.stereotype.Component;

import com.wacampaigns.gateway.auth.Caller;
import com.wacampaigns.gateway.auth.UserAccounts;
import com.wacampaigns.gateway.auth.UserAccounts.UserAccount;
import com.wacampaigns.gateway.csv.ImportTarget;
import com.wacampaigns.gateway.csv.ImportTargets;

/**
 * The campaign a CSV import goes into, seen by the caller, with its owner's region, its
 * template's variables and its values for them.
 */
@Component
class CampaignImportTargets implements ImportTargets {

	private final Campaigns campaigns;

	private final UserAccounts users;

	CampaignImportTargets(Campaigns campaigns, UserAccounts users) {
		this.campaigns = campaigns;
		this.users = users;
	}

	@Override
	public ImportTarget of(Caller caller, UUID campaignId) {
		CampaignView campaign = this.campaigns.get(caller, campaignId);
		UserAccount owner = this.users.byId(campaign.userId()).orElseThrow();
		return new ImportTarget(campaign.id(), owner.id(), campaign.status(), this.campaigns.rules(campaign, owner));
	}

}
