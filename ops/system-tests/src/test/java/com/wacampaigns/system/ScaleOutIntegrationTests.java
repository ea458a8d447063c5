package com.wacampaigns.system;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.SystemStack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three dispatcher instances in one consumer group; in the middle of a campaign one
 * leaves and a new one joins. Nobody is sent twice, nobody is lost, and the sender's rate
 * limit holds throughout, because a sender's records are keyed to one partition that one
 * instance owns at a time.
 */
@SystemStackTest(dispatchers = 0)
class ScaleOutIntegrationTests {

	private static final int SENDER_LIMIT = 100;

	private static final int RECIPIENTS = 2_500;

	private static SystemStack stack;

	@LoggedInAs("demo")
	private static GatewayClient client;

	private static JdbcClient jdbc;

	@BeforeAll
	static void startThreeDispatchers() {
		// The sender's cap binds, not the campaign's rate.
		jdbc.sql("UPDATE senders SET messages_per_second = :limit").param("limit", SENDER_LIMIT).update();
		for (int i = 0; i < 3; i++) {
			stack.startDispatcher();
		}
	}

	@Test
	void shouldSendEveryoneOnceWithinTheSendersLimitWhileInstancesComeAndGo() {
		UUID campaign = client.createCampaign("Scale out", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, RECIPIENTS,
				1000, 50);
		client.send(campaign);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> Ledgers.sends(stack.simulator(), campaign).size() >= RECIPIENTS / 4);

		stack.stopDispatcher();
		int sentWhenOneLeft = Ledgers.sends(stack.simulator(), campaign).size();
		stack.startDispatcher();

		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> client.campaign(campaign).get("read").asInt() == RECIPIENTS);
		assertThat(stack.dispatcherCount()).isEqualTo(3);
		assertThat(sentWhenOneLeft).as("the change came in the middle").isLessThan(RECIPIENTS * 3 / 4);
		assertThat(Ledgers.sends(stack.simulator(), campaign)).as("sends").hasSize(RECIPIENTS);
		assertThat(Ledgers.distinctPhones(stack.simulator(), campaign)).as("distinct recipients").isEqualTo(RECIPIENTS);
		// Two instances sending for one sender would double its rate for as long as they
		// overlap; one owner at a time keeps every five seconds within five seconds'
		// worth,
		// plus the one second Guava's limiter may save up while idle and spend at once.
		assertThat(Ledgers.busiestWindow(stack.simulator(), DemoData.PHONE_NUMBER_ID, Duration.ofSeconds(5)))
			.as("most sends of the sender in any five seconds")
			.isBetween(SENDER_LIMIT * 5 / 2, SENDER_LIMIT * 6 + SENDER_LIMIT / 10);
		JsonNode done = client.campaign(campaign);
		assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(done.get("pending").asInt()).isZero();
	}

}
