package com.wacampaigns.system;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.SystemStack;
import com.wacampaigns.simulator.Ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline on the real path: REST → PostgreSQL → feeder → Kafka → dispatcher →
 * simulator → signed webhooks → gateway → Kafka → status-ingestor → PostgreSQL.
 */
@SystemStackTest
class CampaignFlowIntegrationTests {

	private static final int RECIPIENTS = 1_000;

	private static SystemStack stack;

	@LoggedInAs("demo")
	private static GatewayClient client;

	private static JdbcClient jdbc;

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
		Ledger.Summary ledger = stack.simulator().ledger().summary();
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
