package com.wacampaigns.dispatcher.sending;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.support.serializer.DelegatingByTopicDeserializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.DispatchRequested;
import com.wacampaigns.common.events.DispatchRetryScheduled;

/**
 * The consumers of {@code campaign.dispatch} and {@code campaign.dispatch.retry}: one
 * group reading both, each topic's values read as what it carries, and
 * {@link RangeAssignor}, which gives partition <i>n</i> of both topics to the same
 * consumer (both have as many partitions, and both are keyed by the sender's phone number
 * id), so that one instance paces all of a sender's sends. Offsets are committed by
 * {@link DispatchListener}, short of the retries still waiting.
 */
@Configuration(proxyBeanMethods = false)
public class DispatchConsumerConfiguration {

	static final String CONTAINER_FACTORY = "dispatchContainerFactory";

	@Bean(CONTAINER_FACTORY)
	ConcurrentKafkaListenerContainerFactory<Object, Object> dispatchContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, KafkaProperties kafka,
			WaitingRetries retries) {
		Map<String, Object> settings = kafka.buildConsumerProperties();
		settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		// The configurer takes Object keys; they are the senders' ids, as strings.
		@SuppressWarnings("unchecked")
		Deserializer<Object> keys = (Deserializer<Object>) (Deserializer<?>) new StringDeserializer();
		configurer.configure(factory, new DefaultKafkaConsumerFactory<>(settings, keys, values(), false));
		factory.getContainerProperties().setAckMode(AckMode.MANUAL);
		factory.getContainerProperties().setConsumerRebalanceListener(retries);
		return factory;
	}

	/** Each topic's type; what cannot be read is left for the poison policy. */
	private static Deserializer<Object> values() {
		Map<Pattern, Deserializer<?>> byTopic = new LinkedHashMap<>();
		byTopic.put(Pattern.compile(Pattern.quote(Topics.CAMPAIGN_DISPATCH)),
				new JacksonJsonDeserializer<>(DispatchRequested.class, false));
		byTopic.put(Pattern.compile(Pattern.quote(Topics.DISPATCH_RETRY)),
				new JacksonJsonDeserializer<>(DispatchRetryScheduled.class, false));
		return new ErrorHandlingDeserializer<>(new DelegatingByTopicDeserializer(byTopic, new ByteArrayDeserializer()));
	}

}
