package com.wacampaigns.gateway.feed;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.wacampaigns.gateway.feed.FairShares.Feedable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FairSharesTests {

	private static final UUID SENDER = UUID.randomUUID();

	private static final UUID OTHER_SENDER = UUID.randomUUID();

	@Test
	void shouldLetASmallCampaignKeepItsRateBesideABigOneAndGiveTheBigOneTheRest() {
		Feedable small = new Feedable(UUID.randomUUID(), SENDER, 10, 80, true);
		Feedable big = new Feedable(UUID.randomUUID(), SENDER, 1000, 80, true);

		Map<UUID, Double> shares = FairShares.of(List.of(big, small));

		assertThat(shares.get(small.id())).isEqualTo(10);
		assertThat(shares.get(big.id())).isEqualTo(70);
	}

	@Test
	void shouldShareEquallyBetweenEqualCampaignsAndNeverPastTheSendersRate() {
		List<Feedable> three = List.of(new Feedable(UUID.randomUUID(), SENDER, 50, 80, true),
				new Feedable(UUID.randomUUID(), SENDER, 50, 80, true),
				new Feedable(UUID.randomUUID(), SENDER, 50, 80, true));

		Map<UUID, Double> shares = FairShares.of(three);

		assertThat(shares.values()).allSatisfy((share) -> assertThat(share).isCloseTo(80 / 3.0, within(1e-9)));
		assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(80, within(1e-9));
	}

	@Test
	void shouldGiveEachItsOwnRateWhenTheSenderHasRoomAndKeepSendersApart() {
		Feedable one = new Feedable(UUID.randomUUID(), SENDER, 20, 80, true);
		Feedable two = new Feedable(UUID.randomUUID(), SENDER, 30, 80, true);
		Feedable elsewhere = new Feedable(UUID.randomUUID(), OTHER_SENDER, 500, 1000, true);
		Feedable sweeping = new Feedable(UUID.randomUUID(), SENDER, 1000, 80, false);

		Map<UUID, Double> shares = FairShares.of(List.of(one, two, elsewhere, sweeping));

		assertThat(shares).containsEntry(one.id(), 20.0)
			.containsEntry(two.id(), 30.0)
			.containsEntry(elsewhere.id(), 500.0)
			.as("a fully fed campaign takes no share")
			.containsEntry(sweeping.id(), 80.0);
	}

}
