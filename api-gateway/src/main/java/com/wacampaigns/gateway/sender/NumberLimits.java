package com.wacampaigns.gateway.sender;

/**
 * Meta's limits on a number, each {@code null} when Meta did not say.
 *
 * @param messagingTier the portfolio's messaging limit: TIER_250, TIER_2K, TIER_10K,
 * TIER_100K or TIER_UNLIMITED
 * @param qualityRating GREEN, YELLOW, RED or UNKNOWN
 * @param throughputLevel STANDARD (80 messages a second) or HIGH (1,000)
 */
record NumberLimits(String messagingTier, String qualityRating, String throughputLevel) {

}
