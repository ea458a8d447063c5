package com.wacampaigns.common;

/**
 * The life cycle of a campaign:
 * {@code DRAFT → (SCHEDULED →) RUNNING ⇄ PAUSED → COMPLETED |
 * STOPPED | FAILED}.
 */
public enum CampaignStatus {

	DRAFT, SCHEDULED, RUNNING, PAUSED, COMPLETED, STOPPED, FAILED

}
