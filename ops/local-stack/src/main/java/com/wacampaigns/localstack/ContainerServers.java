package com.wacampaigns.localstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;

import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and PostgreSQL as containers (Testcontainers' {@code KafkaContainer} on
 * {@code apache/kafka} and {@code PostgreSQLContainer} on {@code postgres:17}, the images
 * docker-compose.yml uses; offline, the stand-ins that ops/docker/build-images.sh builds
 * under those tags). The images can be changed with {@code -Dwa.containers.kafka-image}
 * and {@code -Dwa.containers.postgres-image}. Where Ryuk's image cannot be had, run with
 * {@code TESTCONTAINERS_RYUK_DISABLED=true}: the containers are stopped when the JVM
 * exits.
 */
final class ContainerServers implements InfrastructureServers {

	private final KafkaContainer kafka;

	private final PostgreSQLContainer postgres;

	private ContainerServers(KafkaContainer kafka, PostgreSQLContainer postgres) {
		this.kafka = kafka;
		this.postgres = postgres;
	}

	/**
	 * Starts both, or aborts the test (skipped, with the reason) without a Docker engine.
	 */
	static ContainerServers start() {
		if (!DockerClientFactory.instance().isDockerAvailable()) {
			throw new TestAbortedException(
					"wa.infrastructure=containers, but no Docker engine answers: the tests that need it are skipped");
		}
		KafkaContainer kafka = new KafkaContainer(
				DockerImageName.parse(System.getProperty("wa.containers.kafka-image", "apache/kafka:4.1.0")));
		// Password-less like the embedded server: the apps and tests connect as the
		// superuser without one.
		PostgreSQLContainer postgres = new PostgreSQLContainer(
				DockerImageName.parse(System.getProperty("wa.containers.postgres-image", "postgres:17")))
			.withUsername(LocalPostgres.USER)
			.withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
			.waitingFor(Wait.forListeningPort());
		try {
			CompletableFuture
				.allOf(CompletableFuture.runAsync(kafka::start), CompletableFuture.runAsync(postgres::start))
				.join();
		}
		catch (RuntimeException ex) {
			// The one that started is not left running for the JVM's life.
			kafka.stop();
			postgres.stop();
			throw ex;
		}
		return new ContainerServers(kafka, postgres);
	}

	@Override
	public String kafkaBootstrapServers() {
		return this.kafka.getBootstrapServers();
	}

	@Override
	public void createDatabase(String name) {
		if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
			throw new IllegalArgumentException("Not a plain database name: " + name);
		}
		try (Connection connection = DriverManager.getConnection(this.postgres.getJdbcUrl(), LocalPostgres.USER,
				this.postgres.getPassword()); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
	}

	@Override
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + this.postgres.getHost() + ":" + this.postgres.getMappedPort(5432) + "/"
				+ database;
	}

	@Override
	public void close() {
		try {
			this.kafka.stop();
		}
		finally {
			this.postgres.stop();
		}
	}

}
