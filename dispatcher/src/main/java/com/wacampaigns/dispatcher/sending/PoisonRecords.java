package com.wacampaigns.dispatcher.sending;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

import com.wacampaigns.dispatcher.metrics.DispatchMetrics;

/**
 * Records that are not what their topic promises (the deserializer gave up on them) go,
 * as the bytes that came, to the topic's dead-letter topic ({@code <topic>-dlt}) before
 * the batch's offsets are committed, so none is dropped without a trace.
 */
@Component
class PoisonRecords {

	private static final Logger log = LoggerFactory.getLogger(PoisonRecords.class);

	private static final LogAccessor LOG_ACCESSOR = new LogAccessor(LogFactory.getLog(PoisonRecords.class));

	private final KafkaTemplate<String, byte[]> raw;

	private final DispatchMetrics metrics;

	@SuppressWarnings("unchecked")
	PoisonRecords(ProducerFactory<String, Object> producers, DispatchMetrics metrics) {
		// The same producers with a byte[] value serializer.
		this.raw = new KafkaTemplate<>((ProducerFactory<String, byte[]>) (ProducerFactory<?, ?>) producers,
				Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
		this.metrics = metrics;
	}

	/** The values that could be read; the others are dead-lettered. */
	<T> List<T> readable(List<ConsumerRecord<String, T>> records) {
		List<T> values = new ArrayList<>(records.size());
		for (ConsumerRecord<String, T> record : records) {
			if (record.value() != null) {
				values.add(record.value());
			}
			else {
				deadLetter(record);
			}
		}
		return values;
	}

	private void deadLetter(ConsumerRecord<String, ?> record) {
		DeserializationException problem = SerializationUtils.getExceptionFromHeader(record,
				KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
		byte[] bytes = (problem != null) ? problem.getData() : null;
		String topic = record.topic() + "-dlt";
		this.raw.send(topic, record.key(), bytes).join();
		this.metrics.deadLettered(topic);
		log.error("Dead-lettered unreadable record {}-{}@{} to {}: {}", record.topic(), record.partition(),
				record.offset(), topic, (problem != null) ? problem.getMessage() : "no value");
	}

}
