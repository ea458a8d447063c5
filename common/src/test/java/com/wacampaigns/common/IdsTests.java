package com.wacampaigns.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class IdsTests {

	@Test
	void shouldMakeVersion7UuidsThatGrowWithTime() {
		UUID first = Ids.timeOrdered();
		long made = System.currentTimeMillis();
		// The next ids come from a later millisecond.
		await().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(1))
			.until(() -> System.currentTimeMillis() > made + 1);
		List<UUID> later = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			later.add(Ids.timeOrdered());
		}

		assertThat(first.version()).isEqualTo(7);
		assertThat(first.variant()).isEqualTo(2);
		assertThat(new HashSet<>(later)).hasSize(10_000);
		// PostgreSQL orders uuids by their bytes: the most significant half first,
		// unsigned.
		assertThat(later).allSatisfy(
				(id) -> assertThat(Long.compareUnsigned(id.getMostSignificantBits(), first.getMostSignificantBits()))
					.isPositive());
	}

}
