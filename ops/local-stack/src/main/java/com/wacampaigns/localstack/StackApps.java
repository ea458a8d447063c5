package com.wacampaigns.localstack;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings each of the three apps needs to run against one local stack: the broker,
 * the database, the simulator, each other and the run's secrets. The launcher hands them
 * to app processes; the system tests to apps in their own JVM.
 *
 * @param kafkaBootstrapServers the broker
 * @param jdbcUrl the database
 * @param graphBaseUrl the simulator, standing in for Meta's Graph API
 * @param secrets the run's secrets
 */
public record StackApps(String kafkaBootstrapServers, String jdbcUrl, URI graphBaseUrl, StackSecrets secrets) {

	public enum App {

		API_GATEWAY("api-gateway", "com.wacampaigns.gateway.GatewayApplication"),
		DISPATCHER("dispatcher", "com.wacampaigns.dispatcher.DispatcherApplication"),
		STATUS_INGESTOR("status-ingestor", "com.wacampaigns.ingestor.StatusIngestorApplication");

		private final String moduleName;

		private final String mainClass;

		App(String moduleName, String mainClass) {
			this.moduleName = moduleName;
			this.mainClass = mainClass;
		}

		public String moduleName() {
			return this.moduleName;
		}

		/**
		 * The app's main class, whose static {@code application()} makes its
		 * {@code SpringApplication}. A name, not a class: the apps' tests depend on this
		 * module, so it cannot depend on them.
		 */
		public String mainClass() {
			return this.mainClass;
		}

	}

	/** Spring properties for {@code app} listening on {@code port} (0 for any). */
	public Map<String, String> properties(App app, int port) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", Integer.toString(port));
		properties.put("spring.kafka.bootstrap-servers", this.kafkaBootstrapServers);
		properties.put("spring.datasource.url", this.jdbcUrl);
		properties.put("spring.datasource.username", LocalPostgres.USER);
		properties.put("spring.datasource.password", "");
		switch (app) {
			case API_GATEWAY -> {
				properties.put("gateway.jwt.secret", this.secrets.jwtSecret());
				properties.put("gateway.webhook.app-secret", this.secrets.appSecret());
				properties.put("gateway.webhook.verify-token", this.secrets.verifyToken());
				properties.put("gateway.token-encryption-key", this.secrets.tokenEncryptionKey());
				properties.put("gateway.graph.base-url", this.graphBaseUrl.toString());
				// A local stack's webhook endpoints are on this machine (a receiver you
				// run,
				// a test's): http and the loopback are allowed here, not by default.
				properties.put("gateway.outbound-webhooks.require-https", "false");
				properties.put("gateway.outbound-webhooks.allowed-networks", "127.0.0.0/8");
				properties.put("gateway.outbound-webhooks.first-retry-delay", "1s");
			}
			case DISPATCHER -> {
				properties.put("dispatcher.graph.base-url", this.graphBaseUrl.toString());
				properties.put("dispatcher.token-encryption-key", this.secrets.tokenEncryptionKey());
			}
			case STATUS_INGESTOR -> {
			}
		}
		return properties;
	}

	/** The same, as command-line arguments for an app in this JVM. */
	public String[] arguments(App app, int port) {
		return properties(app, port).entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
	}

}
