package com.wacampaigns.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessagingTierTests {

	@Test
	void shouldReadEveryFormMetaWritesTheLimitIn() {
		assertThat(MessagingTier.parse("TIER_2K")).contains(MessagingTier.TIER_2K);
		assertThat(MessagingTier.parse("tier_100k")).contains(MessagingTier.TIER_100K);
		assertThat(MessagingTier.parse("10K")).contains(MessagingTier.TIER_10K);
		assertThat(MessagingTier.parse(2000)).contains(MessagingTier.TIER_2K);
		assertThat(MessagingTier.parse("250")).contains(MessagingTier.TIER_250);
		assertThat(MessagingTier.parse(-1)).contains(MessagingTier.TIER_UNLIMITED);
		assertThat(MessagingTier.parse("UNLIMITED")).contains(MessagingTier.TIER_UNLIMITED);
		assertThat(MessagingTier.parse("TIER_1K")).contains(MessagingTier.TIER_1K);
		assertThat(MessagingTier.parse(50)).contains(MessagingTier.TIER_50);
		assertThat(MessagingTier.parse(1234)).isEmpty();
		assertThat(MessagingTier.keepTo("TIER_5K")).as("unknown to this version: the lowest")
			.contains(MessagingTier.TIER_50);
		assertThat(MessagingTier.keepTo(null)).isEmpty();
		assertThat(MessagingTier.parse(null)).isEmpty();
		assertThat(MessagingTier.TIER_UNLIMITED.isLimited()).isFalse();
		assertThat(MessagingTier.TIER_250.uniqueRecipients()).isEqualTo(250);
	}

}
