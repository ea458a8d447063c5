package com.wacampaigns.gateway.csv;

import java.util.UUID;

import com.wacampaigns.common.CampaignStatus;
import com.wacampaigns.gateway.recipient.RecipientRules;

/**
 * A campaign as an import sees it.
 *
 * @param ownerId whose suppression list applies
 * @param status only a DRAFT takes recipients
 * @param rules the owner's region and the template's parameter count
 */
public record ImportTarget(UUID campaignId, UUID ownerId, CampaignStatus status, RecipientRules rules) {

}
