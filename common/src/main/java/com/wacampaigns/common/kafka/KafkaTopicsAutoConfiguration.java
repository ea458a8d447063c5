package com.wacampaigns.common.kafka;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;

import com.wacampaigns.common.Topics;

/**
 * Every topic of the project, created (or given more partitions) at start by whichever
 * app starts first; {@link Topics} names them.
 */
@AutoConfiguration
@ConditionalOnClass(TopicBuilder.class)
@EnableConfigurationProperties(KafkaTopicsProperties.class)
public class KafkaTopicsAutoConfiguration {

	@Bean
	NewTopic dispatchTopic(KafkaTopicsProperties properties) {
		return TopicBuilder.name(Topics.CAMPAIGN_DISPATCH).partitions(properties.dispatchPartitions()).build();
	}

	@Bean
	NewTopic dispatchRetryTopic(KafkaTopicsProperties properties) {
		return TopicBuilder.name(Topics.DISPATCH_RETRY).partitions(properties.dispatchPartitions()).build();
	}

	@Bean
	NewTopic dispatchDeadLetterTopic(KafkaTopicsProperties properties) {
		return TopicBuilder.name(Topics.DISPATCH_DEAD_LETTER).partitions(properties.dispatchPartitions()).build();
	}

	@Bean
	NewTopic dispatchRetryDeadLetterTopic(KafkaTopicsProperties properties) {
		return TopicBuilder.name(Topics.DISPATCH_RETRY_DEAD_LETTER).partitions(properties.dispatchPartitions()).build();
	}

	@Bean
	NewTopic statusTopic(KafkaTopicsProperties properties) {
		return TopicBuilder.name(Topics.WHATSAPP_STATUS).partitions(properties.statusPartitions()).build();
	}

	@Bean
	NewTopic statusDeadLetterTopic() {
		return TopicBuilder.name(Topics.STATUS_DEAD_LETTER).partitions(1).build();
	}

	@Bean
	NewTopic webhookDeadLetterTopic() {
		return TopicBuilder.name(Topics.WEBHOOK_DEAD_LETTER).partitions(1).build();
	}

}
