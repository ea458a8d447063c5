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
import com.wacampaigns.simulator.Faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Meta's trouble does to campaigns: a throttling storm is retried until everyone has
 * their message, once; an outage disconnects the sender after three failures and pauses
 * its campaigns (keeping its stored token), and reconnecting and resuming finishes them.
 */
@SystemStackTest(settings = { "dispatcher.retry.max-attempts=" + ProviderTroubleIntegrationTests.MAX_ATTEMPTS,
		"dispatcher.retry.initial-delay=50ms", "dispatcher.retry.max-delay=1s", "dispatcher.sender-cache-ttl=1s",
		"gateway.feed.sweep-after=5s" })
class ProviderTroubleIntegrationTests {

	static final int MAX_ATTEMPTS = 12;

	private static SystemStack stack;

	@LoggedInAs("demo")
	private static GatewayClient client;

	private static JdbcClient jdbc;

	@Test
	void shouldGetEveryoneTheirMessageOnceThroughAThrottlingStorm() {
		stack.simulator().faults(Faults.NONE.withThrottleShare(0.3).withPairRateShare(0.02));
		UUID campaign = client.createCampaign("Storm", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, 500, 500, 20);

		client.send(campaign);

		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> client.campaign(campaign).get("read").asInt() == 500);
		JsonNode done = client.campaign(campaign);
		assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(done.get("failed").asInt()).isZero();
		assertThat(Ledgers.sends(stack.simulator(), campaign)).hasSize(500);
		assertThat(Ledgers.distinctPhones(stack.simulator(), campaign)).isEqualTo(500);
		int mostRetries = jdbc.sql("SELECT max(retry_count) FROM campaign_recipients WHERE campaign_id = :id")
			.param("id", campaign)
			.query(Integer.class)
			.single();
		assertThat(mostRetries).as("some were retried, none beyond the maximum").isBetween(1, MAX_ATTEMPTS - 1);
	}

	@Test
	void shouldDisconnectTheSenderAfterThreeFailuresAndFinishAfterReconnecting() {
		stack.simulator().faults(Faults.NONE.withOutage(true));
		UUID campaign = client.createCampaign("Outage", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, 50, 50, 5);

		client.send(campaign);

		await().atMost(Duration.ofSeconds(60))
			.until(() -> "DISCONNECTED"
				.equals(client.call("GET", "/whatsapp/status", null, 200).get("status").asString()));
		JsonNode status = client.call("GET", "/whatsapp/status", null, 200);
		assertThat(status.get("connectionFailureCount").asInt()).isGreaterThanOrEqualTo(3);
		assertThat(status.get("lastConnectionFailure").isNull()).isFalse();
		// Meta's outage says nothing about the customer's token: it is kept (only token
		// errors wipe it).
		assertThat(status.get("session_preserved").asBoolean()).as("the stored token is kept").isTrue();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "PAUSED".equals(client.campaign(campaign).get("status").asString()));
		assertThat(client.campaign(campaign).get("status_reason").asString()).contains("disconnected");
		assertThat(Ledgers.sends(stack.simulator(), campaign)).isEmpty();

		stack.simulator().faults(Faults.NONE);
		JsonNode reconnected = client.call("POST", "/whatsapp/connect", Map.of("phone_number_id",
				DemoData.PHONE_NUMBER_ID, "access_token", stack.secrets().senderAccessToken()), 200);
		assertThat(reconnected.get("status").asString()).isEqualTo("CONNECTED");
		assertThat(reconnected.get("connectionFailureCount").asInt()).isZero();
		client.call("POST", "/campaigns/" + campaign + "/status", Map.of("status", "resume"), 200);

		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> client.campaign(campaign).get("read").asInt() == 50);
		assertThat(Ledgers.sends(stack.simulator(), campaign)).hasSize(50);
		assertThat(Ledgers.distinctPhones(stack.simulator(), campaign)).isEqualTo(50);
	}

}
