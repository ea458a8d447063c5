package com.wacampaigns.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.DemoData.Credentials;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.Infrastructure;
import com.wacampaigns.localstack.LocalPostgres;
import com.wacampaigns.localstack.RealInfrastructure;
import com.wacampaigns.localstack.StackApps;
import com.wacampaigns.localstack.StackApps.App;
import com.wacampaigns.localstack.StackSecrets;
import com.wacampaigns.localstack.launcher.SupervisedApp;
import com.wacampaigns.simulator.SimulatorSettings;
import com.wacampaigns.simulator.WhatsAppSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three apps as the launcher runs them, each its own JVM restarted when it dies, and
 * each killed with SIGKILL in the middle of one campaign: the dispatcher (claims in hand,
 * sends in flight, outcomes not yet published), the status-ingestor (a batch half
 * applied), the gateway (the feeder mid-round, webhooks arriving). Every recipient gets
 * the message once (the simulator's ledger), and the campaign completes with counters
 * equal to its rows within the reconciler's bound.
 */
@RealInfrastructure
class ProcessKillIntegrationTests {

	private static final int RECIPIENTS = 6_000;

	private static WhatsAppSimulator simulator;

	private static final List<SupervisedApp> apps = new ArrayList<>();

	private static SupervisedApp gateway;

	private static SupervisedApp dispatcher;

	private static SupervisedApp ingestor;

	private static JdbcClient jdbc;

	@BeforeAll
	static void startTheAppsAsProcesses(Infrastructure infrastructure) throws Exception {
		StackSecrets secrets = StackSecrets.generate();
		simulator = WhatsAppSimulator.start(SimulatorSettings.defaults(secrets.appSecret()));
		String jdbcUrl = infrastructure.databaseFor(ProcessKillIntegrationTests.class);
		StackApps stack = new StackApps(infrastructure.kafkaBootstrapServers(), jdbcUrl, simulator.baseUrl(), secrets);
		Path home = Path.of("../..").toAbsolutePath().normalize();
		Path logs = Files.createDirectories(Path.of("target/process-kill-logs").toAbsolutePath());
		gateway = supervised(stack, home, logs, App.API_GATEWAY,
				Map.of("gateway.reconcile.interval", "2s", "gateway.reconcile.claim-age", "10s",
						"gateway.reconcile.quiet-period", "20s", "gateway.feed.sweep-after", "5s", "gateway.feed.lease",
						"5s"));
		// The gateway applies the schema; the others start once it is in place.
		gateway.start();
		gateway.awaitHealthy();
		dispatcher = supervised(stack, home, logs, App.DISPATCHER, Map.of());
		ingestor = supervised(stack, home, logs, App.STATUS_INGESTOR, Map.of());
		dispatcher.start();
		ingestor.start();
		dispatcher.awaitHealthy();
		ingestor.awaitHealthy();

		simulator.webhookUrl(URI.create("http://127.0.0.1:" + gateway.port() + "/webhooks/whatsapp"));
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(jdbcUrl);
		dataSource.setUser(LocalPostgres.USER);
		DemoData.seed(dataSource, secrets, new Credentials("demo", "demo"), new Credentials("admin", "admin"), 1000);
		simulator.registerNumber(DemoData.PHONE_NUMBER_ID, DemoData.DISPLAY_NUMBER, secrets.senderAccessToken());
		jdbc = JdbcClient.create(dataSource);
	}

	private static SupervisedApp supervised(StackApps stack, Path home, Path logs, App app, Map<String, String> extra)
			throws IOException {
		int port = freePort();
		Map<String, String> settings = new java.util.LinkedHashMap<>(stack.properties(app, port));
		settings.putAll(extra);
		SupervisedApp supervised = new SupervisedApp(app, SupervisedApp.jarOf(home, app), port, settings, logs, "384m");
		apps.add(supervised);
		return supervised;
	}

	@AfterAll
	static void stopEverything() {
		apps.forEach(SupervisedApp::stop);
		if (simulator != null) {
			simulator.close();
		}
	}

	@Test
	void shouldSendEveryoneOnceAndCompleteWhenEachAppIsKilledMidCampaign() throws Exception {
		GatewayClient client = new GatewayClient(URI.create("http://127.0.0.1:" + gateway.port())).login("demo",
				"demo");
		UUID campaign = client.createCampaign("Killed", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, RECIPIENTS, 300,
				20);
		client.send(campaign);

		killWhenSent(dispatcher, campaign, RECIPIENTS / 6);
		killWhenSent(ingestor, campaign, RECIPIENTS / 2);
		killWhenSent(gateway, campaign, RECIPIENTS * 2 / 3);
		gateway.awaitHealthy();
		client = new GatewayClient(URI.create("http://127.0.0.1:" + gateway.port())).login("demo", "demo");

		GatewayClient after = client;
		await().atMost(Duration.ofMinutes(4))
			.pollInterval(Duration.ofSeconds(1))
			.ignoreExceptions()
			.until(() -> "COMPLETED".equals(after.campaign(campaign).get("status").asString())
					&& after.campaign(campaign).get("read").asInt() == Ledgers.sends(simulator, campaign).size());
		JsonNode done = client.campaign(campaign);
		int taken = Ledgers.sends(simulator, campaign).size();
		assertThat(Ledgers.distinctPhones(simulator, campaign)).as("nobody twice").isEqualTo(taken);
		assertThat(done.get("pending").asInt()).isZero();
		assertThat(rows(campaign, "status IN ('PENDING', 'SENDING', 'ACCEPTED')")).as("nobody in flight").isZero();
		assertThat(done.get("read").asInt()).as("everyone Meta took").isEqualTo(taken);
		// A send recorded as attempted whose request the killed dispatcher never wrote is
		// reported as unknown, never sent again: at most the sends it had in flight (the
		// campaign's 20 workers).
		assertThat(done.get("unknown").asInt()).as("reported unknown")
			.isEqualTo(RECIPIENTS - taken)
			.isLessThanOrEqualTo(20);
		assertThat(done.get("failed").asInt()).isEqualTo(done.get("unknown").asInt());
		assertThat(rows(campaign, "status = 'READ'")).isEqualTo(taken);
	}

	/** SIGKILL once the simulator has taken this many of the campaign's messages. */
	private static void killWhenSent(SupervisedApp app, UUID campaign, int sent) throws InterruptedException {
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> Ledgers.sends(simulator, campaign).size() >= sent);
		long pid = app.pid();
		ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
		await().atMost(Duration.ofSeconds(30)).until(() -> app.pid() != pid);
		app.awaitHealthy();
	}

	private static int rows(UUID campaign, String condition) {
		return jdbc.sql("SELECT count(*) FROM campaign_recipients WHERE campaign_id = :id AND " + condition)
			.param("id", campaign)
			.query(Integer.class)
			.single();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
