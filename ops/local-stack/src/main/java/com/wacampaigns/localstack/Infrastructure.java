package com.wacampaigns.localstack;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka broker and one PostgreSQL server per JVM, started on first use and stopped
 * when the JVM exits. Each test class gets a database of its own.
 */
public final class Infrastructure {

	private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

	private static volatile Infrastructure shared;

	private final LocalKafka kafka;

	private final LocalPostgres postgres;

	private final Map<String, String> databases = new ConcurrentHashMap<>();

	private final AtomicInteger databaseCount = new AtomicInteger();

	private Infrastructure(LocalKafka kafka, LocalPostgres postgres) {
		this.kafka = kafka;
		this.postgres = postgres;
	}

	public static Infrastructure shared() {
		if (shared == null) {
			synchronized (Infrastructure.class) {
				if (shared == null) {
					long start = System.nanoTime();
					LocalPostgres postgres = LocalPostgres.start(0, null);
					LocalKafka kafka = LocalKafka.start(0);
					Infrastructure infrastructure = new Infrastructure(kafka, postgres);
					Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::stop, "infrastructure-stop"));
					log.info("Started Kafka at {} and PostgreSQL on port {} in {} ms", kafka.bootstrapServers(),
							postgres.port(), (System.nanoTime() - start) / 1_000_000);
					shared = infrastructure;
				}
			}
		}
		return shared;
	}

	public String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	/**
	 * The JDBC URL of the database that belongs to {@code owner} (a test class), created
	 * on first request.
	 */
	public String databaseFor(Class<?> owner) {
		return databaseFor(owner, "");
	}

	/** A database of {@code owner}'s own, one per {@code name}. */
	public String databaseFor(Class<?> owner, String name) {
		return this.databases.computeIfAbsent(owner.getName() + "/" + name, (key) -> {
			String database = "t" + this.databaseCount.incrementAndGet() + "_"
					+ (owner.getSimpleName() + name).toLowerCase().replaceAll("[^a-z0-9]", "");
			database = database.substring(0, Math.min(database.length(), 60));
			this.postgres.createDatabase(database);
			return this.postgres.jdbcUrl(database);
		});
	}

	private void stop() {
		try {
			this.kafka.close();
		}
		finally {
			this.postgres.close();
		}
	}

}
