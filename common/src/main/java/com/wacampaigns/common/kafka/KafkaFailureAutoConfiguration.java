package com.wacampaigns.common.kafka;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.metrics.DeadLetterMeter;

/**
 * The one failure policy of every listener in the project, the spring-kafka way: a
 * {@link DefaultErrorHandler} that
 * <ul>
 * <li>waits out a failure that may pass (the database or the broker away, for any length
 * of time): the batch is tried again with a growing pause, without end and without
 * committing, so nothing is lost and nothing is skipped;</li>
 * <li>sends a record that can never succeed (a listener names it by throwing
 * {@code BatchListenerFailedException} with a {@link PoisonRecordException}) to its
 * dead-letter topic at once, with the exception in the headers, after the records before
 * it were applied; the rest of the batch comes again at once.</li>
 * </ul>
 * Listeners name that record with {@link PoisonRecords#apply}; a record the deserializer
 * gave up on is dead-lettered as the bytes that came, anything else as JSON.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(DefaultErrorHandler.class)
@EnableConfigurationProperties(KafkaFailureProperties.class)
public class KafkaFailureAutoConfiguration {

	private static final LogAccessor log = new LogAccessor(LogFactory.getLog(KafkaFailureAutoConfiguration.class));

	@Bean
	@ConditionalOnBean(ProducerFactory.class)
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	DefaultErrorHandler kafkaErrorHandler(ProducerFactory<?, ?> producers, MeterRegistry meters,
			KafkaFailureProperties properties) {
		// The recoverer picks the first template whose type the value has: the raw bytes
		// of an unreadable record, or the record's value.
		Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
		templates.put(byte[].class, template(producers, ByteArraySerializer.class, Map.of()));
		templates.put(Object.class, template(producers, JacksonJsonSerializer.class,
				Map.of(JacksonJsonSerializer.ADD_TYPE_INFO_HEADERS, false)));
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(templates,
				// No partition: dead-letter topics need not have their source's
				// partitions.
				(record, ex) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
		ExponentialBackOff backOff = new ExponentialBackOff(properties.initialInterval().toMillis(), 2.0);
		backOff.setMaxInterval(properties.maxInterval().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
			deadLetters.accept(record, ex);
			DeadLetterMeter.of(meters, Topics.deadLetterOf(record.topic())).increment();
			log.error(ex, () -> "Dead-lettered " + record.topic() + "-" + record.partition() + "@" + record.offset()
					+ ": it can never be processed");
		}, backOff);
		handler.addNotRetryableExceptions(PoisonRecordException.class);
		Counter failures = Counter.builder("kafka.listener.failures")
			.description("Consumer batches that failed and will be tried again (the database or broker away)")
			.register(meters);
		handler.setRetryListeners(new RetryListener() {

			@Override
			public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
				failures.increment();
			}

			@Override
			public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
				failures.increment();
				log.warn(ex, () -> "A batch of " + records.count() + " records failed (try " + deliveryAttempt
						+ "); it is tried again, nothing is committed meanwhile");
			}

		});
		return handler;
	}

	/** The app's producers with the given value serializer, whatever the app's own is. */
	@SuppressWarnings("unchecked")
	private static KafkaTemplate<Object, Object> template(ProducerFactory<?, ?> producers, Class<?> valueSerializer,
			Map<String, Object> settings) {
		Map<String, Object> overrides = new HashMap<>(settings);
		overrides.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer);
		return new KafkaTemplate<>((ProducerFactory<Object, Object>) producers, overrides);
	}

}
