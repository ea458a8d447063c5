package com.wacampaigns.localstack;

/**
 * The servers under {@link Infrastructure}: embedded (a KRaft broker in this JVM and the
 * zonky PostgreSQL, the default) or containers (Testcontainers' Kafka and PostgreSQL,
 * with {@code -Dwa.infrastructure=containers} where a Docker engine runs).
 */
interface InfrastructureServers extends AutoCloseable {

	String kafkaBootstrapServers();

	/** Creates an empty database that the user {@link LocalPostgres#USER} owns. */
	void createDatabase(String name);

	/** The JDBC URL of a database, for {@link LocalPostgres#USER} without a password. */
	String jdbcUrl(String database);

	@Override
	void close();

	/** The embedded broker and database, started in this JVM. */
	record Embedded(LocalKafka kafka, LocalPostgres postgres) implements InfrastructureServers {

		static Embedded start() {
			LocalPostgres postgres = LocalPostgres.start(0, null);
			return new Embedded(LocalKafka.start(0), postgres);
		}

		@Override
		public String kafkaBootstrapServers() {
			return this.kafka.bootstrapServers();
		}

		@Override
		public void createDatabase(String name) {
			this.postgres.createDatabase(name);
		}

		@Override
		public String jdbcUrl(String database) {
			return this.postgres.jdbcUrl(database);
		}

		@Override
		public void close() {
			try {
				this.kafka.close();
			}
			finally {
				this.postgres.close();
			}
		}

	}

}
