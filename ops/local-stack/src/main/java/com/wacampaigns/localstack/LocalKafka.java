package com.wacampaigns.localstack;

import java.util.Map;

import kafka.server.BrokerServer;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Apache Kafka broker in KRaft mode, started in this JVM from Kafka's own jars.
 */
public final class LocalKafka implements AutoCloseable {

	private final EmbeddedKafkaKraftBroker broker;

	private LocalKafka(EmbeddedKafkaKraftBroker broker) {
		this.broker = broker;
	}

	/**
	 * @param port the listener port wished for, 0 for any free one; spring-kafka-test's
	 * KRaft broker may still pick a free port, so callers use {@link #bootstrapServers()}
	 */
	public static LocalKafka start(int port) {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperties(Map.of("auto.create.topics.enable", "false", "num.partitions", "4",
				"offsets.topic.num.partitions", "4", "group.initial.rebalance.delay.ms", "0",
				"log.flush.interval.messages", Long.toString(Long.MAX_VALUE)));
		if (port > 0) {
			broker.kafkaPorts(port);
		}
		broker.afterPropertiesSet();
		return new LocalKafka(broker);
	}

	/**
	 * Stops the broker (the KRaft controller stays up), as a crashed or restarting broker
	 * would look to its clients. Its log directory stays, so {@link #startBroker()}
	 * brings back every topic and committed offset.
	 */
	public void stopBroker() {
		this.broker.getCluster().brokers().values().forEach(BrokerServer::shutdown);
	}

	/** Starts the stopped broker again, on the port it had. */
	public void startBroker() {
		this.broker.getCluster().brokers().values().forEach(BrokerServer::startup);
	}

	public String bootstrapServers() {
		return this.broker.getBrokersAsString();
	}

	@Override
	public void close() {
		this.broker.destroy();
	}

}
