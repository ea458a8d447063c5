package com.wacampaigns.common.kafka;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import com.wacampaigns.common.Topics;

/**
 * Every topic of the project, created (or given more partitions) at start by whichever
 * app starts first; {@link Topics} names them.
 */
@AutoConfiguration
@ConditionalOnClass(TopicBuilder.class)
@EnableConfigurationProperties(KafkaTopicsProperties.class)
public class KafkaTopicsAutoConfiguration {

	/**
	 * Meta changes an account's templates a few times a day: one partition is plenty, and
	 * one gateway at a time applies them.
	 */
	private static final int TEMPLATE_EVENT_PARTITIONS = 1;

	@Bean
	KafkaAdmin.NewTopics topics(KafkaTopicsProperties properties) {
		int dispatch = properties.dispatchPartitions();
		int status = properties.statusPartitions();
		return new KafkaAdmin.NewTopics(topic(Topics.CAMPAIGN_DISPATCH, dispatch),
				topic(Topics.DISPATCH_RETRY, dispatch), topic(Topics.DISPATCH_DEAD_LETTER, dispatch),
				topic(Topics.DISPATCH_RETRY_DEAD_LETTER, dispatch), topic(Topics.WHATSAPP_STATUS, status),
				topic(Topics.STATUS_DEAD_LETTER, 1), topic(Topics.WEBHOOK_DEAD_LETTER, 1),
				topic(Topics.TEMPLATE_EVENTS, TEMPLATE_EVENT_PARTITIONS), topic(Topics.TEMPLATE_EVENTS_DEAD_LETTER, 1),
				topic(Topics.ACCOUNT_EVENTS, TEMPLATE_EVENT_PARTITIONS),
				topic(Topics.deadLetterOf(Topics.ACCOUNT_EVENTS), 1), topic(Topics.OUTBOUND_EVENTS, status),
				topic(Topics.OUTBOUND_EVENTS_DEAD_LETTER, 1));
	}

	private static NewTopic topic(String name, int partitions) {
		return TopicBuilder.name(name).partitions(partitions).build();
	}

}
