package com.wacampaigns.system;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.common.ErrorCodes;
import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.SystemStack;
import com.wacampaigns.simulator.Faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every recipient reaches a known final state, whatever Meta answers and whenever the
 * user acts: a retry of failures after a throttling storm, a pause while retries wait, an
 * answer that does not say whether Meta took the message (it did, or it did not), and
 * claims that a dispatcher never sent. The simulator's ledger is the witness that nobody
 * got a message twice.
 */
@SystemStackTest(settings = { "dispatcher.retry.max-attempts=3", "dispatcher.retry.initial-delay=2s",
		"dispatcher.retry.max-delay=3s", "dispatcher.graph.request-timeout=1s", "dispatcher.sender-cache-ttl=1s",
		"gateway.feed.sweep-after=3s", "gateway.reconcile.interval=1s", "gateway.reconcile.claim-age=5s",
		"gateway.reconcile.quiet-period=" + EveryMessageEndsIntegrationTests.QUIET_SECONDS + "s" })
class EveryMessageEndsIntegrationTests {

	static final int QUIET_SECONDS = 8;

	private static final Duration QUIET_PERIOD = Duration.ofSeconds(QUIET_SECONDS);

	private static SystemStack stack;

	@LoggedInAs("demo")
	private static GatewayClient client;

	private static JdbcClient jdbc;

	@Test
	void shouldFinishARetryOfFailuresAfterAThrottlingStorm() {
		stack.simulator().faults(Faults.NONE.withThrottleShare(1.0));
		UUID campaign = client.createCampaign("Storm", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, 20, 100, 10);
		client.send(campaign);
		await().atMost(Duration.ofSeconds(60)).until(() -> client.campaign(campaign).get("failed").asInt() == 20);
		assertThat(client.campaign(campaign).get("status").asString()).isEqualTo("COMPLETED");

		stack.simulator().faults(Faults.NONE.withThrottleShare(0.5));
		client.call("POST", "/campaigns/" + campaign + "/retry-failed", null, 200);

		awaitEveryoneSettled(campaign, 20);
		int accepted = Ledgers.sends(stack.simulator(), campaign).size();
		assertThat(accepted).as("some got through the second time").isPositive();
		assertThat(Ledgers.distinctPhones(stack.simulator(), campaign)).isEqualTo(accepted);
		await().atMost(Duration.ofSeconds(30)).until(() -> client.campaign(campaign).get("read").asInt() == accepted);
		assertThat(client.campaign(campaign).get("failed").asInt()).isEqualTo(20 - accepted);
	}

	@Test
	void shouldNotStrandRecipientsPausedWhileTheirRetriesWait() {
		stack.simulator().faults(Faults.NONE.withThrottleShare(1.0));
		UUID campaign = client.createCampaign("Pause in backoff", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, 20, 100,
				10);
		client.send(campaign);
		// Every recipient refused once and waiting (a second or two) for its retry.
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> count(campaign, "status = 'SENDING' AND retry_count >= 1") == 20);
		client.call("POST", "/campaigns/" + campaign + "/status", Map.of("status", "pause"), 200);
		// The retries come due, find the campaign paused and hand their recipients back.
		await().atMost(Duration.ofSeconds(20)).until(() -> count(campaign, "status = 'PENDING'") == 20);

		stack.simulator().faults(Faults.NONE.withThrottleShare(0.3));
		client.call("POST", "/campaigns/" + campaign + "/status", Map.of("status", "resume"), 200);

		awaitEveryoneSettled(campaign, 20);
		assertThat(Ledgers.sends(stack.simulator(), campaign).size())
			.isEqualTo(Ledgers.distinctPhones(stack.simulator(), campaign));
	}

	@Test
	void shouldSettleAnswersThatMayHaveBeenTakenByTheirWebhookWithoutSendingTwice() {
		UUID error500 = sendWith(Faults.NONE.withAcceptedThenError(1.0, 500), "500 after accepting", 10);
		UUID error504 = sendWith(Faults.NONE.withAcceptedThenError(1.0, 504), "504 after accepting", 10);
		UUID hang = sendWith(Faults.NONE.withAcceptedThenHang(1.0, 2500), "No answer in time", 10);

		for (UUID campaign : new UUID[] { error500, error504, hang }) {
			await().atMost(Duration.ofSeconds(60)).until(() -> client.campaign(campaign).get("read").asInt() == 10);
			JsonNode done = client.campaign(campaign);
			assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
			assertThat(done.get("failed").asInt()).isZero();
			assertThat(done.get("unknown").asInt()).isZero();
			assertThat(Ledgers.sends(stack.simulator(), campaign)).as("sends, none repeated").hasSize(10);
			assertThat(Ledgers.distinctPhones(stack.simulator(), campaign)).isEqualTo(10);
		}
	}

	@Test
	void shouldReportAnOutcomeThatNeverBecameKnownAndCompleteTheCampaign() {
		// Meta answers 500 "something went wrong" and, this time, took nothing: no
		// webhook will ever come.
		UUID campaign = sendWith(Faults.NONE.withServerErrorShare(1.0), "Nothing taken", 10);
		await().atMost(Duration.ofSeconds(10)).until(() -> count(campaign, "attempted_at IS NOT NULL") == 10);
		assertThat(client.campaign(campaign).get("status").asString()).as("waiting for a webhook").isEqualTo("RUNNING");

		await().atMost(QUIET_PERIOD.plusSeconds(20))
			.until(() -> "COMPLETED".equals(client.campaign(campaign).get("status").asString()));
		JsonNode done = client.campaign(campaign);
		assertThat(done.get("failed").asInt()).isEqualTo(10);
		assertThat(done.get("unknown").asInt()).isEqualTo(10);
		assertThat(done.get("pending").asInt()).isZero();
		JsonNode failures = client.call("GET", "/campaigns/" + campaign + "/recipients?status=failed", null, 200);
		assertThat(failures.get("items")).hasSize(10).allSatisfy((recipient) -> {
			assertThat(recipient.get("error_code").asInt()).isEqualTo(ErrorCodes.OUTCOME_UNKNOWN);
			assertThat(recipient.get("error_message").asString()).startsWith("Outcome unknown");
		});
		assertThat(Ledgers.sends(stack.simulator(), campaign)).as("never sent again").isEmpty();
	}

	@Test
	void shouldFeedAgainRecipientsThatADispatcherClaimedButNeverSent() {
		UUID campaign = client.createCampaign("Claimed, never sent", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, 10,
				100, 10);
		// As a dispatcher that died between its claim and its sends leaves them: SENDING
		// with no attempt, and the whole campaign fed.
		jdbc.sql("""
				UPDATE campaign_recipients
				SET status = 'SENDING', claimed_at = now() - interval '1 minute'
				WHERE campaign_id = :id""").param("id", campaign).update();
		jdbc.sql("""
				UPDATE campaigns
				SET status = 'RUNNING', started_at = now(), feed_cursor = total_recipients, fed_at = now()
				WHERE id = :id""").param("id", campaign).update();

		awaitEveryoneSettled(campaign, 10);
		await().atMost(Duration.ofSeconds(30)).until(() -> client.campaign(campaign).get("read").asInt() == 10);
		assertThat(Ledgers.sends(stack.simulator(), campaign)).hasSize(10);
		assertThat(Ledgers.distinctPhones(stack.simulator(), campaign)).isEqualTo(10);
	}

	private static UUID sendWith(Faults faults, String name, int recipients) {
		stack.simulator().faults(faults);
		UUID campaign = client.createCampaign(name, DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, recipients, 100, 10);
		client.send(campaign);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> count(campaign, "attempted_at IS NOT NULL") == recipients
					|| count(campaign, "status NOT IN ('PENDING', 'SENDING')") == recipients);
		return campaign;
	}

	/**
	 * COMPLETED with nothing pending, nobody left in flight, counters equal to the rows.
	 */
	private static void awaitEveryoneSettled(UUID campaign, int recipients) {
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> "COMPLETED".equals(client.campaign(campaign).get("status").asString()));
		JsonNode done = client.campaign(campaign);
		assertThat(done.get("pending").asInt()).isZero();
		assertThat(count(campaign, "status IN ('PENDING', 'SENDING', 'ACCEPTED')")).isZero();
		assertThat(count(campaign, "status = 'FAILED'")).isEqualTo(done.get("failed").asInt());
		assertThat(count(campaign, "true")).isEqualTo(recipients);
	}

	private static int count(UUID campaign, String condition) {
		return jdbc.sql("SELECT count(*) FROM campaign_recipients WHERE campaign_id = :id AND " + condition)
			.param("id", campaign)
			.query(Integer.class)
			.single();
	}

}
