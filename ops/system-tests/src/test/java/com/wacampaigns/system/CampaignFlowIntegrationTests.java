package com.wacampaigns.system;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import com.wacampaigns.dispatcher.DispatcherApplication;
import com.wacampaigns.gateway.GatewayApplication;
import com.wacampaigns.ingestor.StatusIngestorApplication;
import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.DemoData.Credentials;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.Infrastructure;
import com.wacampaigns.localstack.RealInfrastructure;
import com.wacampaigns.localstack.StackApps;
import com.wacampaigns.localstack.StackApps.App;
import com.wacampaigns.localstack.StackSecrets;
import com.wacampaigns.simulator.Ledger;
import com.wacampaigns.simulator.SimulatorSettings;
import com.wacampaigns.simulator.WhatsAppSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline on the real path: REST → PostgreSQL → feeder → Kafka → dispatcher →
 * simulator → signed webhooks → gateway → Kafka → status-ingestor → PostgreSQL.
 */
@RealInfrastructure
class CampaignFlowIntegrationTests {

	private static final int RECIPIENTS = 1_000;

	private static WhatsAppSimulator simulator;

	private static List<ConfigurableApplicationContext> apps;

	private static GatewayClient client;

	private static JdbcClient jdbc;

	@BeforeAll
	static void startTheStack(Infrastructure infrastructure) {
		StackSecrets secrets = StackSecrets.generate();
		simulator = WhatsAppSimulator.start(SimulatorSettings.defaults(secrets.appSecret()));
		StackApps stack = new StackApps(infrastructure.kafkaBootstrapServers(),
				infrastructure.databaseFor(CampaignFlowIntegrationTests.class), simulator.baseUrl(), secrets);
		ConfigurableApplicationContext gateway = GatewayApplication.application()
			.run(stack.arguments(App.API_GATEWAY, 0));
		int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
		simulator.webhookUrl(URI.create("http://127.0.0.1:" + port + "/webhooks/whatsapp"));
		apps = List.of(gateway, DispatcherApplication.application().run(stack.arguments(App.DISPATCHER, 0)),
				StatusIngestorApplication.application().run(stack.arguments(App.STATUS_INGESTOR, 0)));
		DataSource dataSource = gateway.getBean(DataSource.class);
		DemoData.seed(dataSource, secrets, new Credentials("demo", "demo"), new Credentials("admin", "admin"), 1000);
		simulator.registerNumber(DemoData.PHONE_NUMBER_ID, DemoData.DISPLAY_NUMBER, secrets.senderAccessToken());
		jdbc = JdbcClient.create(dataSource);
		client = new GatewayClient(URI.create("http://127.0.0.1:" + port)).login("demo", "demo");
	}

	@AfterAll
	static void stopTheStack() {
		if (apps != null) {
			apps.reversed().forEach(ConfigurableApplicationContext::close);
		}
		if (simulator != null) {
			simulator.close();
		}
	}

	@Test
	void shouldTakeEveryRecipientToReadWithExactlyOneSendEach() {
		UUID id = client.createCampaign("End to end", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, RECIPIENTS, 1000,
				50);
		assertThat(client.campaign(id).get("status").asString()).isEqualTo("DRAFT");

		client.send(id);

		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
			JsonNode campaign = client.campaign(id);
			return campaign.get("read").asInt() == RECIPIENTS && "COMPLETED".equals(campaign.get("status").asString());
		});
		JsonNode campaign = client.campaign(id);
		assertThat(campaign.get("total_recipients").asInt()).isEqualTo(RECIPIENTS);
		assertThat(campaign.get("sent").asInt()).isEqualTo(RECIPIENTS);
		assertThat(campaign.get("delivered").asInt()).isEqualTo(RECIPIENTS);
		assertThat(campaign.get("read").asInt()).isEqualTo(RECIPIENTS);
		assertThat(campaign.get("failed").asInt()).isZero();
		assertThat(campaign.get("pending").asInt()).isZero();
		assertThat(campaign.get("completed_at").isNull()).isFalse();
		assertThat(recipientsByStatus(id)).containsExactly(Map.entry("READ", (long) RECIPIENTS));
		assertThat(jdbc.sql("""
				SELECT count(*) FROM campaign_recipients
				WHERE campaign_id = :id AND message_id IS NOT NULL
				  AND sent_at IS NOT NULL AND delivered_at IS NOT NULL AND read_at IS NOT NULL
				""").param("id", id).query(Long.class).single()).isEqualTo(RECIPIENTS);
		Ledger.Summary ledger = simulator.ledger().summary();
		assertThat(ledger.accepted()).isEqualTo(RECIPIENTS);
		assertThat(ledger.distinctRecipients()).isEqualTo(RECIPIENTS);
		assertThat(ledger.duplicates()).isZero();
	}

	private static Map<String, Long> recipientsByStatus(UUID campaignId) {
		return jdbc.sql("SELECT status, count(*) AS n FROM campaign_recipients WHERE campaign_id = :id GROUP BY status")
			.param("id", campaignId)
			.query((rs, row) -> Map.entry(rs.getString("status"), rs.getLong("n")))
			.list()
			.stream()
			.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

}
