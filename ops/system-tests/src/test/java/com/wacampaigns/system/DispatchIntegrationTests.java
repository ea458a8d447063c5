package com.wacampaigns.system;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.wacampaigns.common.Topics;
import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.Infrastructure;
import com.wacampaigns.localstack.Seeder;
import com.wacampaigns.localstack.SystemStack;
import com.wacampaigns.localstack.TopicProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher's guarantees on the whole pipeline: pause and resume, a dispatcher
 * replaced in the middle of a campaign, and one campaign's pace unaffected by a slow one
 * on the same sender. The simulator's ledger is the witness.
 */
@SystemStackTest(settings = "gateway.feed.sweep-after=5s")
class DispatchIntegrationTests {

	private static SystemStack stack;

	@LoggedInAs("demo")
	private static GatewayClient client;

	@Test
	void shouldSendNothingWhilePausedAndNobodyTwiceAfterResuming() {
		UUID campaign = client.createCampaign("Pause", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, 600, 100, 10);
		client.send(campaign);
		await().atMost(Duration.ofSeconds(30)).until(() -> Ledgers.sends(stack.simulator(), campaign).size() >= 100);

		JsonNode paused = changeStatus(campaign, "pause");
		Instant pausedAt = Instant.now();
		assertThat(paused.get("status").asString()).isEqualTo("PAUSED");
		await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);

		// The chunk in hand when the pause came (a fifth of a second at 100/s) may still
		// go out.
		assertThat(Ledgers.sendsAfter(stack.simulator(), campaign, pausedAt.plusMillis(500))).isZero();
		assertThat(Ledgers.sends(stack.simulator(), campaign).size()).isLessThan(600);

		changeStatus(campaign, "resume");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> client.campaign(campaign).get("read").asInt() == 600
					&& "COMPLETED".equals(client.campaign(campaign).get("status").asString()));
		assertThat(Ledgers.sends(stack.simulator(), campaign)).hasSize(600);
		assertThat(Ledgers.distinctPhones(stack.simulator(), campaign)).isEqualTo(600);
	}

	/**
	 * The tail sweep feeds again only what is no longer in Kafka: with no dispatcher
	 * reading, a fully fed campaign's records wait in Kafka for several sweep periods and
	 * none is fed twice; once a dispatcher reads them, everyone is sent once.
	 */
	@Test
	void shouldNotFeedAgainRecordsStillWaitingInKafka() {
		int recipients = 300;
		stack.stopDispatcher();
		try (TopicProbe dispatch = new TopicProbe(Infrastructure.shared().kafkaBootstrapServers(),
				Topics.CAMPAIGN_DISPATCH)) {
			UUID campaign = client.createCampaign("Backlog", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, recipients,
					100, 10);
			client.send(campaign);
			// Fed in three seconds; the sweep (after five) looks twice more.
			List<ConsumerRecord<String, String>> fed = dispatch.pollFor(Duration.ofSeconds(15))
				.stream()
				.filter((record) -> record.value().contains(campaign.toString()))
				.toList();
			assertThat(fed).as("records fed while no dispatcher read them").hasSize(recipients);

			stack.startDispatcher();
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> client.campaign(campaign).get("read").asInt() == recipients);
			assertThat(Ledgers.sends(stack.simulator(), campaign)).hasSize(recipients);
			assertThat(Ledgers.distinctPhones(stack.simulator(), campaign)).isEqualTo(recipients);
		}
	}

	/**
	 * Quiet hours in the recipient's own time: the demo's numbers are Indian (one zone,
	 * Asia/Kolkata); the campaign's quiet hours end ten seconds from now there. Nothing
	 * is sent before, the campaign says how many wait and until when, and everyone is
	 * sent once after.
	 */
	@Test
	void shouldSendNothingInTheRecipientsQuietHoursAndEveryoneOnceAfter() {
		int recipients = 50;
		ZonedDateTime inKolkata = ZonedDateTime.now(ZoneId.of("Asia/Kolkata")).truncatedTo(ChronoUnit.SECONDS);
		Instant opens = inKolkata.plusSeconds(10).toInstant();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "Quiet hours");
		body.put("user_id", DemoData.DEMO_USER_ID.toString());
		body.put("template_id", DemoData.TEMPLATE_ID);
		body.put("recipients", IntStream.rangeClosed(1, recipients)
			.mapToObj(
					(i) -> Map.of("phone", Seeder.phone(i), "parameters", Map.of("1", "Customer " + i, "2", "A-" + i)))
			.toList());
		body.put("rate_limit", 100);
		body.put("quiet_hours", Map.of("from", inKolkata.minusHours(1).toLocalTime().toString(), "until",
				inKolkata.plusSeconds(10).toLocalTime().toString()));
		JsonNode created = client.call("POST", "/campaigns/create", body, 201);
		UUID campaign = UUID.fromString(created.get("id").asString());
		assertThat(created.get("quiet_hours").get("until").asString())
			.startsWith(inKolkata.plusSeconds(10).toLocalTime().toString());
		client.send(campaign);

		await().atMost(Duration.ofSeconds(9)).untilAsserted(() -> {
			JsonNode waiting = client.campaign(campaign);
			assertThat(waiting.get("waiting_reason").asString())
				.startsWith(recipients + " recipients wait for the end of the quiet hours");
			assertThat(Instant.parse(waiting.get("waiting_until").asString())).isEqualTo(opens);
		});
		assertThat(Instant.now()).as("still quiet").isBefore(opens);
		assertThat(Ledgers.sends(stack.simulator(), campaign)).as("sent in the quiet hours").isEmpty();

		await().atMost(Duration.ofSeconds(40))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> client.campaign(campaign).get("read").asInt() == recipients);
		assertThat(Ledgers.sends(stack.simulator(), campaign)).hasSize(recipients)
			.allSatisfy((send) -> assertThat(send.at()).isAfterOrEqualTo(opens));
		assertThat(Ledgers.distinctPhones(stack.simulator(), campaign)).isEqualTo(recipients);
	}

	@Test
	void shouldSendEveryoneExactlyOnceWhenTheDispatcherIsReplacedMidCampaign() {
		int recipients = 20_000;
		UUID campaign = client.createCampaign("Replace", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, recipients, 1000,
				50);
		client.send(campaign);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> Ledgers.sends(stack.simulator(), campaign).size() >= recipients / 4);

		stack.stopDispatcher();
		int sentBefore = Ledgers.sends(stack.simulator(), campaign).size();
		stack.startDispatcher();

		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> client.campaign(campaign).get("read").asInt() == recipients);
		assertThat(sentBefore).isLessThan(recipients);
		assertThat(Ledgers.sends(stack.simulator(), campaign)).hasSize(recipients);
		assertThat(Ledgers.distinctPhones(stack.simulator(), campaign)).isEqualTo(recipients);
		JsonNode done = client.campaign(campaign);
		assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(done.get("sent").asInt()).isEqualTo(recipients);
		assertThat(done.get("pending").asInt()).isZero();
	}

	@Test
	void shouldKeepAFastCampaignsPaceBesideASlowOneOnTheSameSender() {
		UUID slow = client.createCampaign("Slow", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, 60, 5, 5);
		UUID fast = client.createCampaign("Fast", DemoData.DEMO_USER_ID, DemoData.TEMPLATE_ID, 3000, 500, 50);
		client.send(slow);
		client.send(fast);

		await().atMost(Duration.ofSeconds(60)).until(() -> Ledgers.sends(stack.simulator(), fast).size() == 3000);

		assertThat(Ledgers.rate(stack.simulator(), fast)).as("the fast campaign's sends per second").isGreaterThan(400);
		assertThat(Ledgers.sends(stack.simulator(), slow).size()).as("the slow one keeps its own pace")
			.isBetween(10, 59);
	}

	private static JsonNode changeStatus(UUID campaign, String action) {
		return client.call("POST", "/campaigns/" + campaign + "/status", Map.of("status", action), 200);
	}

}
