package com.wacampaigns.common.graph;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackDataTests {

	@Test
	void shouldRoundTrip() {
		CallbackData data = new CallbackData(UUID.randomUUID(), UUID.randomUUID());
		assertThat(CallbackData.parse(data.encode())).contains(data);
	}

	@Test
	void shouldIgnoreForeignValues() {
		assertThat(CallbackData.parse(null)).isEmpty();
		assertThat(CallbackData.parse("campaign-42")).isEmpty();
		assertThat(CallbackData.parse("x".repeat(36) + ":" + "y".repeat(36))).isEmpty();
	}

}
