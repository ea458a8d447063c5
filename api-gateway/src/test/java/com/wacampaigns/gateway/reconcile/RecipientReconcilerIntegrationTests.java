package com.wacampaigns.gateway.reconcile;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import com.wacampaigns.common.ErrorCodes;
import com.wacampaigns.gateway.GatewayIntegrationTest;
import com.wacampaigns.gateway.Http;
import com.wacampaigns.gateway.TestAccounts;
import com.wacampaigns.gateway.TestAccounts.Account;
import com.wacampaigns.localstack.EndpointReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reconciler with the {@code resend} policy, on rows left as a dead dispatcher leaves
 * them: a claim never attempted goes back to the feed, an attempted send of unknown
 * outcome is sent again, and an ACCEPTED one, which Meta has, is reported unknown, never
 * sent again; the counters move with them, and the owner's webhook endpoint is told of
 * the unknown outcome.
 */
@GatewayIntegrationTest
@TestPropertySource(properties = { "gateway.reconcile.interval=500ms", "gateway.reconcile.claim-age=5s",
		"gateway.reconcile.quiet-period=10s", "gateway.reconcile.policy=resend" })
class RecipientReconcilerIntegrationTests {

	@Autowired
	private DataSource dataSource;

	@Autowired
	private TestAccounts accounts;

	@Autowired
	private Http http;

	@Test
	void shouldFeedAgainWhatWasNeverSentResendUnknownAttemptsAndReportUnknownAcceptedOnes() {
		JdbcClient jdbc = JdbcClient.create(this.dataSource);
		Account user = this.accounts.newUser();
		try (EndpointReceiver receiver = EndpointReceiver.failingFirst(0)) {
			HttpResponse<String> endpoint = this.http.post("/webhooks/endpoints", user.token(),
					"{\"url\": \"" + receiver.url() + "\", \"events\": [\"message.status\"]}");
			assertThat(endpoint.statusCode()).as(endpoint.body()).isEqualTo(201);
			receiver.secret(Http.json(endpoint).get("secret").asString());
			// PAUSED: the feeder leaves it alone while the reconciler works.
			UUID campaign = this.accounts.campaign(user)
				.status("PAUSED")
				.rateLimit(100)
				.maxWorkers(10)
				.recipients(4)
				.create();
			List<UUID> ids = this.accounts.seeder().recipientIds(campaign);
			inFlight(jdbc, ids.get(0), "SENDING", "1 minute", null);
			inFlight(jdbc, ids.get(1), "SENDING", "1 minute", "1 minute");
			inFlight(jdbc, ids.get(2), "ACCEPTED", "1 minute", "1 minute");
			// Claimed a moment ago: left alone.
			inFlight(jdbc, ids.get(3), "SENDING", "0 seconds", null);

			await().atMost(Duration.ofSeconds(20)).until(() -> status(jdbc, ids.get(2)).equals("FAILED"));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> status(jdbc, ids.get(0)).equals("PENDING") && status(jdbc, ids.get(1)).equals("PENDING"));

			assertThat(status(jdbc, ids.get(3))).isEqualTo("SENDING");
			assertThat(jdbc.sql("SELECT error_code FROM campaign_recipients WHERE id = :id")
				.param("id", ids.get(2))
				.query(Integer.class)
				.single()).isEqualTo(ErrorCodes.OUTCOME_UNKNOWN);
			assertThat(jdbc.sql("SELECT failed, unknown, pending FROM campaigns WHERE id = :id")
				.param("id", campaign)
				.query((rs, row) -> Map.of("failed", rs.getInt("failed"), "unknown", rs.getInt("unknown"), "pending",
						rs.getInt("pending")))
				.single()).isEqualTo(Map.of("failed", 1, "unknown", 1, "pending", 3));
			// The owner's endpoint hears of the unknown outcome as of any final state.
			await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.eventsById().isEmpty());
			JsonNode told = receiver.eventsById().values().iterator().next();
			assertThat(told.get("type").asString()).isEqualTo("message.status");
			assertThat(told.get("data").get("recipient_id").asString()).isEqualTo(ids.get(2).toString());
			assertThat(told.get("data").get("status").asString()).isEqualTo("failed");
			assertThat(told.get("data").get("error").get("code").asInt()).isEqualTo(ErrorCodes.OUTCOME_UNKNOWN);
			assertThat(receiver.eventsById()).as("only the one settled as unknown").hasSize(1);
		}
	}

	private static void inFlight(JdbcClient jdbc, UUID recipient, String status, String claimedAgo,
			String attemptedAgo) {
		jdbc.sql("""
				UPDATE campaign_recipients
				SET status = :status, claimed_at = now() - CAST(:claimedAgo AS interval),
				    attempted_at = now() - CAST(:attemptedAgo AS interval)
				WHERE id = :id""")
			.param("status", status)
			.param("claimedAgo", claimedAgo)
			.param("attemptedAgo", attemptedAgo)
			.param("id", recipient)
			.update();
	}

	private static String status(JdbcClient jdbc, UUID recipient) {
		return jdbc.sql("SELECT status FROM campaign_recipients WHERE id = :id")
			.param("id", recipient)
			.query(String.class)
			.single();
	}

}
