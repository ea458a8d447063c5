package com.wacampaigns.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code dead_letters_total{topic}}, the one meter every app exports under the same name,
 * so that one alert rule (DeadLetterRecords) covers all dead-letter topics.
 */
public final class DeadLetterMeter {

	private DeadLetterMeter() {
	}

	/** The counter of records given up on and written to {@code topic}. */
	public static Counter of(MeterRegistry registry, String topic) {
		return Counter.builder("dead.letters")
			.description("Records given up on and written to a dead-letter topic")
			.tag("topic", topic)
			.register(registry);
	}

}
