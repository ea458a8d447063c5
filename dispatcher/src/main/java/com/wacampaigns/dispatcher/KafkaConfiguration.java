package com.wacampaigns.dispatcher;

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
		return TopicBuilder.name(Topics.DISPATCH_RETRY_DEAD_LETTER).partitions(properties.dispatchPartitions()).build();
	}

	@Bean
	NewTopic statusTopic(DispatcherProperties properties) {
		return TopicBuilder.name(Topics.WHATSAPP_STATUS).partitions(properties.statusPartitions()).build();
	}

	@Bean
	PoisonRecords poisonRecords(ProducerFactory<?, ?> producers, MeterRegistry meters) {
		return new PoisonRecords(producers, meters);
	}

}
