package com.wacampaigns.common.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Partitions of the project's topics. Every app creates every topic at start (whichever
 * starts first wins), so every app must be given the same figures.
 *
 * @param dispatchPartitions partitions of {@code campaign.dispatch} and of its retry and
 * dead-letter topics: at least the dispatchers' consumers, since one partition has one
 * consumer
 * @param statusPartitions partitions of {@code whatsapp.status} and of
 * {@code outbound.events}
 */
@ConfigurationProperties("wa.kafka.topics")
public record KafkaTopicsProperties(@DefaultValue("8") int dispatchPartitions,
		@DefaultValue("8") int statusPartitions) {

	public KafkaTopicsProperties {
		if (dispatchPartitions < 1 || statusPartitions < 1) {
			throw new IllegalArgumentException("wa.kafka.topics: a topic needs at least one partition");
		}
	}

}
