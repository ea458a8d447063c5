package com.wacampaigns.gateway;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import com.wacampaigns.common.Topics;

/**
 * The topics the gateway writes to.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	@Bean
	NewTopic dispatchTopic(GatewayProperties properties) {
		return TopicBuilder.name(Topics.CAMPAIGN_DISPATCH).partitions(properties.dispatchPartitions()).build();
	}

	@Bean
	NewTopic statusTopic(GatewayProperties properties) {
		return TopicBuilder.name(Topics.WHATSAPP_STATUS).partitions(properties.statusPartitions()).build();
	}

	@Bean
	NewTopic webhookDeadLetterTopic() {
		return TopicBuilder.name(Topics.WEBHOOK_DEAD_LETTER).partitions(1).build();
	}

}
