package com.wacampaigns.gateway.webhook;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;

/**
 * Keeps webhook bodies byte for byte on the dead-letter topic, as they were signed.
 */
@Component
class RawDeadLetters {

	private final KafkaTemplate<String, byte[]> kafka;

	@SuppressWarnings("unchecked")
	RawDeadLetters(ProducerFactory<String, ?> producers) {
		this.kafka = new KafkaTemplate<>((ProducerFactory<String, byte[]>) producers,
				Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
	}

	CompletableFuture<SendResult<String, byte[]>> keep(byte[] body) {
		return this.kafka.send(Topics.WEBHOOK_DEAD_LETTER, body);
	}

}
