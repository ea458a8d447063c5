package com.wacampaigns.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.LocalKafka;
import com.wacampaigns.localstack.LocalPostgres;
import com.wacampaigns.localstack.SystemStack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka broker and PostgreSQL each restarted in the middle of a campaign: the apps
 * report it on their readiness endpoints, reconnect by themselves, and the campaign
 * completes with exact counters, nobody lost and nobody sent twice (the simulator's
 * ledger). This class has a broker and a database of its own, so the restarts disturb no
 * other test.
 */
@SystemStackTest(ownInfrastructure = true,
		settings = { "spring.datasource.hikari.connection-timeout=2000",
				"spring.datasource.hikari.validation-timeout=1000",
				// Failed batches are tried again every second at most: an outage
				// of half a minute is dozens of tries, with no last one.
				"wa.kafka.failures.initial-interval=100ms", "wa.kafka.failures.max-interval=1s",
				// Claims that a failed batch left unsent go back to the feed soon.
				"gateway.reconcile.interval=2s", "gateway.reconcile.claim-age=10s", "gateway.feed.sweep-after=5s" })
@DisabledIfSystemProperty(named = "wa.infrastructure", matches = "containers",
		disabledReason = "restarts the embedded servers: the default execution only")
class InfrastructureRestartIntegrationTests {

	private static final int RECIPIENTS = 2_000;

	private static LocalKafka kafka;

	private static LocalPostgres postgres;

	private static SystemStack stack;

	@LoggedInAs("demo")
	private static GatewayClient client;

	/** Readiness shows which component is down to an ADMIN only. */
	@LoggedInAs("admin")
	private static GatewayClient admin;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void shouldCompleteExactlyWhenTheBrokerRestartsMidCampaign() {
		UUID campaign = startCampaign("Broker restart");

		kafka.stopBroker();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> component(stack.gatewayUrl() + "/actuator", "kafka").equals("DOWN"));
		assertThat(readiness(stack.gatewayUrl() + "/actuator")).isEqualTo(503);
		// The feeder never holds the campaign's row while it waits for the broker: a
		// pause
		// answers at once.
		long pauseStarted = System.nanoTime();
		client.call("POST", "/campaigns/" + campaign + "/status", Map.of("status", "pause"), 200);
		assertThat(Duration.ofNanos(System.nanoTime() - pauseStarted)).isLessThan(Duration.ofSeconds(1));
		client.call("POST", "/campaigns/" + campaign + "/status", Map.of("status", "resume"), 200);
		kafka.startBroker();

		awaitCompletedExactly(campaign);
		await().atMost(Duration.ofSeconds(20)).until(() -> readiness(stack.gatewayUrl() + "/actuator") == 200);
	}

	@Test
	void shouldCompleteExactlyWhenPostgresRestartsMidCampaign() {
		UUID campaign = startCampaign("Database restart");

		Thread restart = Thread.ofVirtual().start(() -> postgres.restart(Duration.ofSeconds(5)));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> component(stack.gatewayUrl() + "/actuator", "db").equals("DOWN"));
		await().atMost(Duration.ofSeconds(60)).until(() -> !restart.isAlive());

		awaitCompletedExactly(campaign);
		await().atMost(Duration.ofSeconds(20)).until(() -> readiness(stack.gatewayUrl() + "/actuator") == 200);
	}

	@Test
	void shouldWaitOutALongDatabaseOutageWithoutLosingAnEvent() {
		UUID campaign = startCampaign("Long database outage");
		double failuresBefore = listenerFailures();

		Thread restart = Thread.ofVirtual().start(() -> postgres.restart(Duration.ofSeconds(30)));
		await().atMost(Duration.ofSeconds(90)).until(() -> !restart.isAlive());

		awaitCompletedExactly(campaign);
		assertThat(listenerFailures()).as("batches that failed and were tried again, none given up")
			.isGreaterThan(failuresBefore + 10);
	}

	/**
	 * {@code kafka_listener_failures_total} of the status-ingestor and the dispatcher.
	 */
	private double listenerFailures() {
		double total = 0;
		for (Map.Entry<String, String> app : stack.actuatorUrls().entrySet()) {
			if (!app.getKey().startsWith("dispatcher") && !app.getKey().equals("status-ingestor")) {
				continue;
			}
			try {
				String scrape = this.http
					.send(HttpRequest.newBuilder(URI.create(app.getValue() + "/prometheus"))
						.timeout(Duration.ofSeconds(10))
						.build(), HttpResponse.BodyHandlers.ofString())
					.body();
				total += scrape.lines()
					.filter((line) -> line.startsWith("kafka_listener_failures_total"))
					.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
					.sum();
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException("Could not read the metrics of " + app.getKey(), ex);
			}
		}
		return total;
	}

	private UUID startCampaign(String name) {
		UUID campaign = client.createCampaign(name, DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, RECIPIENTS, 200, 20);
		client.send(campaign);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> Ledgers.sends(stack.simulator(), campaign).size() >= RECIPIENTS / 4);
		return campaign;
	}

	private void awaitCompletedExactly(UUID campaign) {
		await().atMost(Duration.ofSeconds(240))
			.pollInterval(Duration.ofSeconds(1))
			.ignoreExceptions()
			.until(() -> client.campaign(campaign).get("read").asInt() == RECIPIENTS);
		JsonNode done = client.campaign(campaign);
		assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(done.get("sent").asInt()).isEqualTo(RECIPIENTS);
		assertThat(done.get("delivered").asInt()).isEqualTo(RECIPIENTS);
		assertThat(done.get("failed").asInt()).isZero();
		assertThat(done.get("pending").asInt()).isZero();
		assertThat(Ledgers.sends(stack.simulator(), campaign)).as("sends").hasSize(RECIPIENTS);
		assertThat(Ledgers.distinctPhones(stack.simulator(), campaign)).as("distinct recipients").isEqualTo(RECIPIENTS);
	}

	/** The status of one health component, or what went wrong reading it. */
	private String component(String actuator, String name) {
		try {
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(URI.create(actuator + "/health/readiness"))
					.header("Authorization", "Bearer " + admin.token())
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode health = JSON.readTree(response.body());
			return health.path("components").path(name).path("status").asString("MISSING");
		}
		catch (IOException | InterruptedException ex) {
			return "UNREACHABLE";
		}
	}

	private int readiness(String actuator) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create(actuator + "/health/readiness"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException | InterruptedException ex) {
			return -1;
		}
	}

}
