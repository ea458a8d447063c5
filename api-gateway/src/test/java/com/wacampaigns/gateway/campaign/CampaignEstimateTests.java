package com.wacampaigns.gateway.campaign;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CampaignEstimateTests {

	private static final Duration DAY = Duration.ofHours(24);

	@Test
	void shouldTakeTheRateAloneWithoutALimitOrBeforeMetaSaidOne() {
		CampaignEstimate estimate = CampaignEstimate.of(10_000, 80, null, 0, DAY);

		assertThat(estimate.secondsAtRate()).isEqualTo(125);
		assertThat(estimate.windowsAtLimit()).isZero();
		assertThat(estimate.estimatedSeconds()).isEqualTo(125);
		assertThat(estimate.messagingLimit()).isNull();
		assertThat(estimate.warning()).isNull();
		assertThat(CampaignEstimate.of(10_000, 80, "TIER_UNLIMITED", 0, DAY).messagingLimit()).isEqualTo(-1);
	}

	@Test
	void shouldCountTheDaysTheMessagingLimitNeedsFromWhatIsLeftToday() {
		CampaignEstimate estimate = CampaignEstimate.of(5_000, 80, "TIER_2K", 1_500, DAY);

		// 500 fit today, then 4,500 more need three more days.
		assertThat(estimate.windowsAtLimit()).isEqualTo(3);
		assertThat(estimate.estimatedSeconds()).isEqualTo(3 * 86_400);
		assertThat(estimate.messagingLimitUsed()).isEqualTo(1_500);
		assertThat(estimate.warning()).isEqualTo("The portfolio may reach 2,000 unique users in 24 h (TIER_2K, 1,500"
				+ " used now): this campaign needs about 4 windows of 24 h; it waits between them and goes on by itself");
		assertThat(CampaignEstimate.of(500, 80, "TIER_2K", 1_500, DAY).windowsAtLimit()).as("fits in what is left")
			.isZero();
	}

	@Test
	void shouldWarnWhenTheRateAloneNeedsMoreThanADay() {
		CampaignEstimate estimate = CampaignEstimate.of(10_000_000, 80, "TIER_UNLIMITED", 0, DAY);

		assertThat(estimate.secondsAtRate()).isEqualTo(125_000);
		assertThat(estimate.warning()).isEqualTo("At 80 messages a second this campaign needs about 34 hours");
	}

}
