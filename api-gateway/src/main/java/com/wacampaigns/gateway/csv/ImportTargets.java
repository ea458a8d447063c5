package com.wacampaigns.gateway.csv;

import java.util.UUID;

import com.wacampaigns.gateway.auth.Caller;

/**
 * Where the import finds its campaign. The campaign package, which owns campaigns and who
 * may see them, implements it; declared here so that this package needs nothing of that
 * one (which uses this one to create a campaign from a file).
 */
public interface ImportTargets {

	/**
	 * @return the campaign, whatever its status; a 404 {@code ApiException} when the
	 * caller may not see it
	 */
	ImportTarget of(Caller caller, UUID campaignId);

}
