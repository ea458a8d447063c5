package com.wacampaigns.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what is written to a topic from the moment it is created, for tests that check
 * what an app published.
 */
public final class TopicProbe implements AutoCloseable {

	private final KafkaConsumer<String, String> consumer;

	private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

	public TopicProbe(String bootstrapServers, String topic) {
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"probe-" + UUID.randomUUID(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
				new StringDeserializer(), new StringDeserializer());
		List<TopicPartition> partitions = this.consumer.partitionsFor(topic, Duration.ofSeconds(30))
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToEnd(partitions);
		partitions.forEach(this.consumer::position);
	}

	/** Polls until {@code done} holds for what was seen so far, or the timeout passes. */
	public List<ConsumerRecord<String, String>> pollUntil(Predicate<List<ConsumerRecord<String, String>>> done,
			Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!done.test(this.seen) && System.nanoTime() < deadline) {
			this.consumer.poll(Duration.ofMillis(100)).forEach(this.seen::add);
		}
		return List.copyOf(this.seen);
	}

	/** Everything that arrives within {@code period}. */
	public List<ConsumerRecord<String, String>> pollFor(Duration period) {
		return pollUntil((records) -> false, period);
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
