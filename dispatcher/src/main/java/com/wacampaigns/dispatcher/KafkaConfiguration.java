package com.wacampaigns.dispatcher;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.kafka.PoisonRecords;

/**
 * The topics this app reads and writes, and what happens when a batch fails.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

	@Bean
	NewTopic dispatchTopic(DispatcherProperties properties) {
		return TopicBuilder.name(Topics.CAMPAIGN_DISPATCH).partitions(properties.dispatchPartitions()).build();
	}

	@Bean
	NewTopic retryTopic(DispatcherProperties properties) {
		return TopicBuilder.name(Topics.DISPATCH_RETRY).partitions(properties.dispatchPartitions()).build();
	}

	/** Dead letters go to the partition of their source record, so it needs as many. */
	@Bean
	NewTopic deadLetterTopic(DispatcherProperties properties) {
		return TopicBuilder.name(Topics.DISPATCH_DEAD_LETTER).partitions(properties.dispatchPartitions()).build();
	}

	@Bean
	NewTopic retryDeadLetterTopic(DispatcherProperties properties) {
		return TopicBuilder.name(Topics.DISPATCH_RETRY + "-dlt").partitions(properties.dispatchPartitions()).build();
	}

	@Bean
	NewTopic statusTopic(DispatcherProperties properties) {
		return TopicBuilder.name(Topics.WHATSAPP_STATUS).partitions(properties.statusPartitions()).build();
	}

	@Bean
	PoisonRecords poisonRecords(ProducerFactory<?, ?> producers, MeterRegistry meters) {
		return new PoisonRecords(producers, meters);
	}

	/**
	 * A failed batch (the database or Kafka away for a moment) is redelivered: recipients
	 * that were claimed are not claimed again, so a redelivery never sends twice.
	 */
	@Bean
	DefaultErrorHandler errorHandler() {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
		backOff.setMaxInterval(10_000);
		backOff.setMaxElapsedTime(600_000);
		return new DefaultErrorHandler((record, ex) -> log.error("Gave up on dispatch record at {}-{}@{}",
				record.topic(), record.partition(), record.offset(), ex), backOff);
	}

}
