package com.wacampaigns.system;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.EndpointReceiver;
import com.wacampaigns.localstack.GatewayClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A customer's endpoint learns every outcome without polling: the whole pipeline runs a
 * campaign while the endpoint fails its first requests, and after deduplication by event
 * id it holds each recipient's final state exactly once, and the campaign's completion
 * once, every request signed.
 */
@SystemStackTest
class OutboundWebhookIntegrationTests {

	private static final int RECIPIENTS = 300;

	@LoggedInAs("demo")
	private static GatewayClient client;

	private static JdbcClient jdbc;

	@Test
	void shouldTellTheEndpointEveryRecipientsFinalStateExactlyOnceAfterDeduplication() {
		try (EndpointReceiver receiver = EndpointReceiver.failingFirst(3)) {
			JsonNode endpoint = client.call("POST", "/webhooks/endpoints",
					Map.of("url", receiver.url(), "events", List.of("message.status", "campaign.completed")), 201);
			receiver.secret(endpoint.get("secret").asString());
			String endpointId = endpoint.get("id").asString();
			try {
				UUID campaign = client.createCampaign("Told by webhook", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID,
						RECIPIENTS, 200, 20);
				client.send(campaign);

				// The campaign completes once everyone is sent; reads come after. The
				// endpoint
				// has been told each recipient's final state once the database has it
				// too.
				await().atMost(Duration.ofSeconds(120))
					.pollInterval(Duration.ofMillis(500))
					.until(() -> completionsOf(receiver, campaign).size() == 1
							&& finalStatesTold(receiver, campaign).equals(finalStates(campaign)));

				assertThat(finalStates(campaign)).hasSize(RECIPIENTS);
				Map<String, Long> perRecipientAndState = statesOf(receiver, campaign).stream()
					.collect(Collectors.groupingBy((e) -> e.get("data").get("recipient_id").asString() + " "
							+ e.get("data").get("status").asString(), Collectors.counting()));
				assertThat(perRecipientAndState.values()).as("one event id per recipient and state")
					.allMatch((n) -> n == 1);
				JsonNode completed = completionsOf(receiver, campaign).get(0);
				assertThat(completed.get("data").get("total_recipients").asInt()).isEqualTo(RECIPIENTS);
				assertThat(completed.get("data").get("sent").asInt()).isEqualTo(RECIPIENTS);
				assertThat(receiver.requests())
					.allSatisfy((request) -> assertThat(request.signatureValid()).as(request.signature()).isTrue());
				assertThat(receiver.requests().subList(0, 3))
					.allSatisfy((request) -> assertThat(request.answered()).isEqualTo(503));
				// The receiver records a request before it answers, and the worker marks
				// the
				// delivery DELIVERED only after the answer: the log catches up a moment
				// later.
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(200))
					.untilAsserted(() -> assertThat(client
						.call("GET", "/webhooks/endpoints/" + endpointId + "/deliveries?status=PENDING", null, 200)
						.size()).as("nothing left to deliver").isZero());
			}
			finally {
				client.call("DELETE", "/webhooks/endpoints/" + endpointId, null, 204);
			}
		}
	}

	/** Each recipient's state in the database, lower case, by recipient id. */
	private static Map<String, String> finalStates(UUID campaign) {
		return jdbc.sql("SELECT id, status FROM campaign_recipients WHERE campaign_id = :id")
			.param("id", campaign)
			.query((rs, row) -> Map.entry(rs.getString("id"), rs.getString("status").toLowerCase(Locale.ROOT)))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private static List<JsonNode> statesOf(EndpointReceiver receiver, UUID campaign) {
		return receiver.eventsById()
			.values()
			.stream()
			.filter((e) -> e.get("type").asString().equals("message.status")
					&& e.get("data").get("campaign_id").asString().equals(campaign.toString()))
			.toList();
	}

	/** Each recipient's highest state told, by recipient id. */
	private static Map<String, String> finalStatesTold(EndpointReceiver receiver, UUID campaign) {
		List<String> ranks = List.of("accepted", "sent", "failed", "delivered", "read");
		return statesOf(receiver, campaign).stream()
			.collect(Collectors.toMap((e) -> e.get("data").get("recipient_id").asString(),
					(e) -> e.get("data").get("status").asString(),
					(a, b) -> (ranks.indexOf(a) >= ranks.indexOf(b)) ? a : b));
	}

	private static List<JsonNode> completionsOf(EndpointReceiver receiver, UUID campaign) {
		return receiver.eventsById()
			.values()
			.stream()
			.filter((e) -> e.get("type").asString().equals("campaign.completed")
					&& e.get("data").get("campaign_id").asString().equals(campaign.toString()))
			.toList();
	}

}
