package com.wacampaigns.simulator;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What limits a registered number works under, as {@code GET /_sim/numbers/{id}/limits}
 * answers them.
 *
 * @param businessId the business portfolio the number belongs to (through its WhatsApp
 * Business Account, when it has one)
 * @param tier the portfolio's messaging limit, shared by all its numbers
 * @param qualityRating the number's quality rating
 * @param throughputLevel the number's throughput level
 */
public record NumberLimits(@JsonProperty("business_id") String businessId, MessagingTier tier,
		@JsonProperty("quality_rating") QualityRating qualityRating,
		@JsonProperty("throughput_level") ThroughputLevel throughputLevel) {

}
