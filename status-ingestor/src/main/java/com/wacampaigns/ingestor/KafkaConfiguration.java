package com.wacampaigns.ingestor;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ProducerFactory;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.kafka.PoisonRecords;

/**
 * The topics this app reads and writes. What happens when a batch fails is the project's
 * one policy ({@code KafkaFailureAutoConfiguration} in common).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

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

}
