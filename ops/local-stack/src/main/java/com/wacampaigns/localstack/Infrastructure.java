package com.wacampaigns.localstack;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka broker and one PostgreSQL server per JVM, started on first use and stopped
 * when the JVM exits. Each test class gets a database of its own. Embedded by default;
 * {@code -Dwa.infrastructure=containers} runs them as containers instead
 * ({@link ContainerServers}), where a Docker engine runs.
 */
public final class Infrastructure {

	private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

	private static volatile Infrastructure shared;

	/**
	 * Why the servers could not start, once they failed: not tried again by each class.
	 */
	private static volatile RuntimeException failed;

	/**
	 * The system property that chooses the servers: {@code embedded} or
	 * {@code containers}.
	 */
	public static final String MODE = "wa.infrastructure";

	private final InfrastructureServers servers;

	private final Map<String, String> databases = new ConcurrentHashMap<>();

	private final AtomicInteger databaseCount = new AtomicInteger();

	private Infrastructure(InfrastructureServers servers) {
		this.servers = servers;
	}

	public static Infrastructure shared() {
		if (shared == null) {
			synchronized (Infrastructure.class) {
				if (failed instanceof TestAbortedException aborted) {
					throw new TestAbortedException(aborted.getMessage());
				}
				if (failed != null) {
					throw new IllegalStateException("The test infrastructure failed to start earlier in this JVM",
							failed);
				}
				if (shared == null) {
					long start = System.nanoTime();
					String mode = System.getProperty(MODE, "embedded");
					InfrastructureServers servers;
					try {
						servers = switch (mode) {
							case "embedded" -> InfrastructureServers.Embedded.start();
							case "containers" -> ContainerServers.start();
							default ->
								throw new IllegalArgumentException(MODE + " is embedded or containers, not " + mode);
						};
					}
					catch (RuntimeException ex) {
						failed = ex;
						throw ex;
					}
					Infrastructure infrastructure = new Infrastructure(servers);
					Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "infrastructure-stop"));
					log.info("Started Kafka at {} and PostgreSQL ({}) in {} ms", servers.kafkaBootstrapServers(), mode,
							(System.nanoTime() - start) / 1_000_000);
					shared = infrastructure;
				}
			}
		}
		return shared;
	}

	public String kafkaBootstrapServers() {
		return this.servers.kafkaBootstrapServers();
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
			this.servers.createDatabase(database);
			return this.servers.jdbcUrl(database);
		});
	}

}
