package com.wacampaigns.gateway.csv;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneSetTests {

	@Test
	void shouldKeepEachNumberOnceThroughManyResizes() {
		PhoneSet set = new PhoneSet();
		for (int i = 0; i < 200_000; i++) {
			assertThat(set.add("+9198" + String.format("%08d", i))).isTrue();
		}
		for (int i = 0; i < 200_000; i += 997) {
			assertThat(set.add("+9198" + String.format("%08d", i))).as("already there").isFalse();
		}
		assertThat(set.add("+447911123456")).isTrue();
		assertThat(set.add("+4479111234560")).as("a different number, not a prefix match").isTrue();
		assertThat(set.size()).isEqualTo(200_002);
	}

}
