package com.wacampaigns.system;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.localstack.CampaignInvariants;
import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.SystemStack;
import com.wacampaigns.simulator.Faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two dispatchers, and Meta refusing half of a sender's sends for now: the sender's
 * retries are paced with its first sends, by one limiter on one instance, so the requests
 * Meta gets from the number (answered or refused) stay within its limit. Were the retries
 * read by the other instance, each instance would send at the limit and Meta would get up
 * to twice as much.
 * <p>
 * The refusals are Meta's pair rate limit (131056, retried after a few seconds), not
 * 130429: a 130429 makes the sender's pace back off, which would hide a second limiter.
 * Over five attempts a sixteenth of the recipients need them all, and half of those fail.
 */
// Meta's pair rate limit asks for 4^n seconds; two at most keep the test short.
@SystemStackTest(dispatchers = 2, settings = "dispatcher.retry.max-delay=2s")
class SenderPaceIntegrationTests {

	private static final int SENDER_LIMIT = 100;

	private static final int RECIPIENTS = 1_500;

	private static SystemStack stack;

	@LoggedInAs("demo")
	private static GatewayClient client;

	private static JdbcClient jdbc;

	@BeforeAll
	static void senderLimit() {
		jdbc.sql("UPDATE senders SET messages_per_second = :limit").param("limit", SENDER_LIMIT).update();
	}

	@Test
	void shouldPaceASendersRetriesWithItsFirstSendsOnOneInstance() {
		stack.simulator().faults(Faults.NONE.withPairRateShare(0.5));
		UUID campaign = client.createCampaign("Half refused", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, RECIPIENTS,
				1000, 50);
		client.send(campaign);

		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			JsonNode now = client.campaign(campaign);
			assertThat(now.get("read").asInt() + now.get("failed").asInt()).as("%s, rows by status %s", now,
					jdbc.sql("SELECT status, count(*) FROM campaign_recipients WHERE campaign_id = :id GROUP BY status")
						.param("id", campaign)
						.query()
						.listOfRows())
				.isEqualTo(RECIPIENTS);
		});
		assertThat(Ledgers.distinctPhones(stack.simulator(), campaign)).as("each recipient sent once")
			.isEqualTo(Ledgers.sends(stack.simulator(), campaign).size());
		long refused = stack.simulator().busiestRequests(DemoData.PHONE_NUMBER_ID, Duration.ofSeconds(5))
				- Ledgers.busiestWindow(stack.simulator(), DemoData.PHONE_NUMBER_ID, Duration.ofSeconds(5));
		assertThat(refused).as("Meta refused a good part of the requests").isGreaterThan(SENDER_LIMIT);
		// Five seconds' worth, plus the second Guava's limiter may save up while idle.
		assertThat(stack.simulator().busiestRequests(DemoData.PHONE_NUMBER_ID, Duration.ofSeconds(5)))
			.as("most send requests of the sender in any five seconds, answered or refused")
			.isLessThanOrEqualTo(SENDER_LIMIT * 6 + SENDER_LIMIT / 10);
		System.out.printf("Sender at %d/s, half refused: at most %d requests in five seconds (%d accepted)%n",
				SENDER_LIMIT, stack.simulator().busiestRequests(DemoData.PHONE_NUMBER_ID, Duration.ofSeconds(5)),
				Ledgers.busiestWindow(stack.simulator(), DemoData.PHONE_NUMBER_ID, Duration.ofSeconds(5)));
		new CampaignInvariants(stack.dataSource()).assertCountersMatchRows(campaign);
	}

}
