package com.wacampaigns.common.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import com.wacampaigns.common.metrics.DeadLetterMeter;

/**
 * Records that are not what their topic promises (the deserializer gave up on them and
 * the batch listener got {@code null}) go, as the bytes that came, to a dead-letter topic
 * before the batch's offsets are committed, so none is dropped without a trace; each is
 * counted in {@code dead_letters_total{topic}}.
 */
public class PoisonRecords {

	private static final LogAccessor log = new LogAccessor(LogFactory.getLog(PoisonRecords.class));

	private final KafkaTemplate<String, byte[]> raw;

	private final MeterRegistry meters;

	@SuppressWarnings("unchecked")
	public PoisonRecords(ProducerFactory<?, ?> producers, MeterRegistry meters) {
		// The app's producers with a byte[] value serializer.
		this.raw = new KafkaTemplate<>((ProducerFactory<String, byte[]>) producers,
				Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
		this.meters = meters;
	}

	/** The values that could be read; the others go to {@code deadLetterTopic}. */
	public <T> List<T> readable(List<ConsumerRecord<String, T>> records, String deadLetterTopic) {
		List<T> values = new ArrayList<>(records.size());
		for (ConsumerRecord<String, T> record : records) {
			if (record.value() != null) {
				values.add(record.value());
			}
			else {
				deadLetter(record, deadLetterTopic);
			}
		}
		return values;
	}

	private void deadLetter(ConsumerRecord<String, ?> record, String topic) {
		DeserializationException problem = SerializationUtils.getExceptionFromHeader(record,
				KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, log);
		byte[] bytes = (problem != null) ? problem.getData() : null;
		this.raw.send(topic, record.key(), bytes).join();
		DeadLetterMeter.of(this.meters, topic).increment();
		log.error(() -> "Dead-lettered unreadable record " + record.topic() + "-" + record.partition() + "@"
				+ record.offset() + " to " + topic + ": " + ((problem != null) ? problem.getMessage() : "no value"));
	}

}
