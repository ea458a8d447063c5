package com.wacampaigns.common.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.core.log.LogAccessor;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
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

	/**
	 * Hands a batch's values to {@code apply}, in order, keeping poison out of it.
	 * Unreadable records go raw to {@code unreadableTopic}. The first value that
	 * {@code problemOf} refuses (it names what is wrong, or gives {@code null}) stops the
	 * batch there: the values before it are applied, and it is thrown as a
	 * {@link BatchListenerFailedException} with a {@link PoisonRecordException}, which
	 * the error handler dead-letters at once before the rest of the batch comes again. A
	 * value the database refuses ({@link DataIntegrityViolationException}: bad text, a
	 * number out of range) is found by applying the values one at a time, and treated the
	 * same way. Any other failure (the database away) fails the whole batch, to be tried
	 * again: {@code apply} must be idempotent.
	 */
	public <T> void apply(List<ConsumerRecord<String, T>> records, String unreadableTopic,
			Function<T, String> problemOf, Consumer<List<T>> apply) {
		List<T> values = new ArrayList<>(records.size());
		List<Integer> indexes = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			ConsumerRecord<String, T> record = records.get(i);
			if (record.value() == null) {
				deadLetter(record, unreadableTopic);
				continue;
			}
			String problem = problemOf.apply(record.value());
			if (problem != null) {
				applyFindingPoison(values, indexes, apply);
				throw new BatchListenerFailedException(problem, new PoisonRecordException(problem), i);
			}
			values.add(record.value());
			indexes.add(i);
		}
		applyFindingPoison(values, indexes, apply);
	}

	private static <T> void applyFindingPoison(List<T> values, List<Integer> indexes, Consumer<List<T>> apply) {
		if (values.isEmpty()) {
			return;
		}
		try {
			apply.accept(values);
		}
		catch (DataIntegrityViolationException batchFailure) {
			for (int i = 0; i < values.size(); i++) {
				try {
					apply.accept(List.of(values.get(i)));
				}
				catch (DataIntegrityViolationException ex) {
					String reason = "Refused by the database: " + ex.getMostSpecificCause().getMessage();
					throw new BatchListenerFailedException(reason, new PoisonRecordException(reason, ex),
							indexes.get(i));
				}
			}
		}
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
