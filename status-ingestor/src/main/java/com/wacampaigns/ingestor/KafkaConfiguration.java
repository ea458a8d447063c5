package com.wacampaigns.ingestor;

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
 * The topic this app consumes, and what happens when a batch cannot be applied.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

	@Bean
	NewTopic statusTopic(IngestorProperties properties) {
		return TopicBuilder.name(Topics.WHATSAPP_STATUS).partitions(properties.statusPartitions()).build();
	}

	@Bean
	NewTopic statusDeadLetterTopic() {
		return TopicBuilder.name(Topics.STATUS_DEAD_LETTER).partitions(1).build();
	}

	@Bean
	PoisonRecords poisonRecords(ProducerFactory<?, ?> producers, MeterRegistry meters) {
		return new PoisonRecords(producers, meters);
	}

	/**
	 * Applying a batch is idempotent, so a failed batch (the database restarting, say) is
	 * simply tried again, with a growing pause, for up to ten minutes before it is logged
	 * and skipped.
	 */
	@Bean
	DefaultErrorHandler errorHandler() {
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(10_000);
		backOff.setMaxElapsedTime(600_000);
		return new DefaultErrorHandler((record, ex) -> log.error("Gave up on status event at {}-{}@{}", record.topic(),
				record.partition(), record.offset(), ex), backOff);
	}

}
