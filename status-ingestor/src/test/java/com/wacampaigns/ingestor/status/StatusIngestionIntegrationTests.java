package com.wacampaigns.ingestor.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

import com.wacampaigns.common.RecipientStatus;
import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.StatusReported;
import com.wacampaigns.localstack.CampaignInvariants;
import com.wacampaigns.localstack.Infrastructure;
import com.wacampaigns.localstack.RealInfrastructure;
import com.wacampaigns.localstack.Seeder;
import com.wacampaigns.localstack.TopicProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(properties = { "spring.config.name=status-ingestor", "ingestor.unmatched.retry-interval=100ms",
		"ingestor.unmatched.first-delay=100ms", "ingestor.unmatched.max-attempts=3" })
@RealInfrastructure
class StatusIngestionIntegrationTests {

	private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

	@Autowired
	private StatusIngestion ingestion;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private ProducerFactory<String, Object> producers;

	private JdbcClient jdbc;

	private Seeder seeder;

	private CampaignInvariants invariants;

	private UUID userId;

	private long templateId;

	@BeforeEach
	void seed() {
		this.jdbc = JdbcClient.create(this.dataSource);
		this.seeder = new Seeder(this.dataSource);
		this.invariants = new CampaignInvariants(this.dataSource);
		this.userId = this.seeder.user().create();
		this.templateId = this.seeder.template().owner(this.userId).create();
	}

	@Test
	void shouldKeepCountersExactWhenEveryStatusArrivesThreeTimesInShuffledBatches() {
		int recipients = 300;
		UUID campaign = runningCampaign(recipients);
		List<UUID> ids = this.seeder.recipientIds(campaign);
		List<StatusReported> events = new ArrayList<>();
		for (int i = 0; i < ids.size(); i++) {
			UUID id = ids.get(i);
			String wamid = "wamid." + i;
			events.add(StatusReported.accepted(campaign, id, wamid, T0));
			switch (i % 5) {
				case 0 -> events.addAll(List.of(webhook(campaign, id, wamid, RecipientStatus.SENT, 1),
						webhook(campaign, id, wamid, RecipientStatus.DELIVERED, 2),
						webhook(campaign, id, wamid, RecipientStatus.READ, 3)));
				// Read without delivered: read implies it.
				case 1 -> events.addAll(List.of(webhook(campaign, id, wamid, RecipientStatus.SENT, 1),
						webhook(campaign, id, wamid, RecipientStatus.READ, 3)));
				// Delivery failed after the message was sent.
				case 2 -> events.addAll(
						List.of(webhook(campaign, id, wamid, RecipientStatus.SENT, 1), failed(campaign, id, wamid, 4)));
				// Delivered and failed, in either order: delivery wins.
				case 3 -> events.addAll(List.of(webhook(campaign, id, wamid, RecipientStatus.DELIVERED, 2),
						failed(campaign, id, wamid, 5)));
				default -> events.add(webhook(campaign, id, wamid, RecipientStatus.SENT, 1));
			}
		}
		List<StatusReported> delivered = new ArrayList<>();
		for (int copy = 0; copy < 3; copy++) {
			delivered.addAll(events);
		}
		Collections.shuffle(delivered, new Random(42));
		for (int from = 0; from < delivered.size(); from += 97) {
			this.ingestion.apply(delivered.subList(from, Math.min(from + 97, delivered.size())));
		}

		this.invariants.assertCountersMatchRows(campaign);
		assertThat(counters(campaign)).containsEntry("sent", 240L)
			.containsEntry("delivered", 180L)
			.containsEntry("read", 120L)
			.containsEntry("failed", 60L)
			.containsEntry("pending", 0L);
		assertThat(statusCount(campaign, "FAILED")).isEqualTo(60);
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM campaign_recipients
				WHERE campaign_id = :id AND status = 'READ' AND delivered_at IS NULL""")
			.param("id", campaign)
			.query(Long.class)
			.single()).as("read implies delivered").isZero();
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM campaign_recipients
				WHERE campaign_id = :id AND status = 'DELIVERED' AND error_code IS NOT NULL""")
			.param("id", campaign)
			.query(Long.class)
			.single()).as("a delivered message keeps no late error").isZero();
	}

	@Test
	void shouldPublishEachAppliedStateForTheOwnersEndpointsOnlyAndNothingForAMoveBack(Infrastructure infrastructure) {
		UUID told = runningCampaign(2);
		UUID untoldOwner = this.seeder.user().create();
		UUID untold = this.seeder.campaign()
			.owner(untoldOwner)
			.template(this.seeder.template().owner(untoldOwner).create())
			.status("RUNNING")
			.recipients(1)
			.create();
		this.jdbc.sql("""
				INSERT INTO webhook_endpoints (id, user_id, url, events, secret)
				VALUES (gen_random_uuid(), :user, 'https://crm.example.com/wa', ARRAY['message.status'], 'v1:x')
				""").param("user", this.userId).update();
		List<UUID> ids = this.seeder.recipientIds(told);
		UUID other = this.seeder.recipientIds(untold).get(0);

		try (TopicProbe outbound = new TopicProbe(infrastructure.kafkaBootstrapServers(), Topics.OUTBOUND_EVENTS)) {
			this.ingestion.apply(List.of(StatusReported.accepted(told, ids.get(0), "wamid.T0", T0),
					webhook(told, ids.get(0), "wamid.T0", RecipientStatus.READ, 3),
					webhook(told, ids.get(1), "wamid.T1", RecipientStatus.SENT, 1),
					webhook(untold, other, "wamid.U", RecipientStatus.DELIVERED, 2)));
			this.ingestion.apply(List.of(failed(told, ids.get(1), "wamid.T1", 4),
					webhook(told, ids.get(0), "wamid.T0", RecipientStatus.DELIVERED, 2)));

			List<JsonNode> events = outbound.pollFor(Duration.ofSeconds(2))
				.stream()
				.map((record) -> JsonMapper.builder().build().readTree(record.value()))
				.toList();
			assertThat(events).extracting(
					(e) -> e.get("data").get("recipient_id").asString() + " " + e.get("data").get("status").asString())
				.containsExactlyInAnyOrder(ids.get(0) + " read", ids.get(1) + " sent", ids.get(1) + " failed");
			assertThat(events).allSatisfy((e) -> {
				assertThat(e.get("type").asString()).isEqualTo("message.status");
				assertThat(e.get("user_id").asString()).isEqualTo(this.userId.toString());
				assertThat(e.get("id").asString()).startsWith("evt_");
			});
			JsonNode failure = events.stream()
				.filter((e) -> e.get("data").get("status").asString().equals("failed"))
				.findFirst()
				.orElseThrow();
			assertThat(failure.get("data").get("error").get("code").asInt()).isEqualTo(131026);
			assertThat(failure.get("data").get("phone").asString()).startsWith("+");
		}
	}

	@Test
	void shouldNeverMoveARecipientBackwards() {
		UUID campaign = runningCampaign(1);
		UUID id = this.seeder.recipientIds(campaign).get(0);
		this.ingestion.apply(List.of(webhook(campaign, id, "wamid.R", RecipientStatus.READ, 3)));
		StatusIngestion.BatchResult late = this.ingestion
			.apply(List.of(StatusReported.accepted(campaign, id, "wamid.R", T0),
					webhook(campaign, id, "wamid.R", RecipientStatus.SENT, 1)));
		this.ingestion.apply(List.of(webhook(campaign, id, "wamid.R", RecipientStatus.DELIVERED, 2)));

		assertThat(late.applied()).isZero();
		assertThat(statusCount(campaign, "READ")).isEqualTo(1);
		this.invariants.assertCountersMatchRows(campaign);
	}

	@Test
	void shouldCompleteTheCampaignWhenNothingIsLeftPending() {
		UUID campaign = runningCampaign(2);
		List<UUID> ids = this.seeder.recipientIds(campaign);
		this.ingestion.apply(List.of(webhook(campaign, ids.get(0), "wamid.C0", RecipientStatus.SENT, 1)));
		assertThat(campaignStatus(campaign)).isEqualTo("RUNNING");

		this.ingestion.apply(List.of(failed(campaign, ids.get(1), "wamid.C1", 2)));

		assertThat(campaignStatus(campaign)).isEqualTo("COMPLETED");
		assertThat(this.jdbc.sql("SELECT completed_at IS NOT NULL FROM campaigns WHERE id = :id")
			.param("id", campaign)
			.query(Boolean.class)
			.single()).isTrue();
	}

	@Test
	void shouldFindTheRecipientByWamidWhenTheCallbackDataIsMissing() {
		UUID campaign = runningCampaign(1);
		UUID id = this.seeder.recipientIds(campaign).get(0);
		this.ingestion.apply(List.of(StatusReported.accepted(campaign, id, "wamid.W", T0)));

		this.ingestion.apply(List.of(new StatusReported(null, null, "wamid.W", RecipientStatus.DELIVERED,
				T0.plusSeconds(2), null, null, StatusReported.Source.WEBHOOK)));

		assertThat(statusCount(campaign, "DELIVERED")).isEqualTo(1);
		this.invariants.assertCountersMatchRows(campaign);
	}

	@Test
	void shouldApplyAStatusThatArrivedBeforeItsMessageWasKnown() {
		UUID campaign = runningCampaign(1);
		UUID id = this.seeder.recipientIds(campaign).get(0);
		StatusIngestion.BatchResult early = this.ingestion.apply(List.of(new StatusReported(null, null, "wamid.EARLY",
				RecipientStatus.DELIVERED, T0.plusSeconds(2), null, null, StatusReported.Source.WEBHOOK)));
		assertThat(early.parked()).isEqualTo(1);

		this.ingestion.apply(List.of(StatusReported.accepted(campaign, id, "wamid.EARLY", T0)));

		await().atMost(Duration.ofSeconds(10)).until(() -> statusCount(campaign, "DELIVERED") == 1);
		this.invariants.assertCountersMatchRows(campaign);
		assertThat(this.jdbc.sql("SELECT count(*) FROM unmatched_statuses WHERE wamid = 'wamid.EARLY'")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void shouldDeadLetterAStatusWhoseMessageNeverBecomesKnown(Infrastructure infrastructure) {
		try (TopicProbe deadLetters = new TopicProbe(infrastructure.kafkaBootstrapServers(),
				Topics.STATUS_DEAD_LETTER)) {
			this.ingestion.apply(List.of(new StatusReported(null, null, "wamid.NEVER", RecipientStatus.READ, T0, null,
					null, StatusReported.Source.WEBHOOK)));

			assertThat(deadLetters.pollUntil((seen) -> !seen.isEmpty(), Duration.ofSeconds(20))).singleElement()
				.satisfies((record) -> assertThat(record.value()).contains("wamid.NEVER"));
			// The dead letter is published before the transaction that forgets the parked
			// event commits (published twice rather than lost), so the row goes a moment
			// later.
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.jdbc.sql("SELECT count(*) FROM unmatched_statuses WHERE wamid = 'wamid.NEVER'")
					.query(Long.class)
					.single() == 0);
		}
	}

	@Test
	void shouldDeadLetterARecordThatIsNotAStatusEventAndGoOn(Infrastructure infrastructure) {
		try (TopicProbe deadLetters = new TopicProbe(infrastructure.kafkaBootstrapServers(),
				Topics.STATUS_DEAD_LETTER)) {
			new KafkaTemplate<>(this.producers).send(Topics.WHATSAPP_STATUS, "poison", "this is not a status event")
				.join();

			assertThat(deadLetters.pollUntil((seen) -> seen.stream().anyMatch((r) -> "poison".equals(r.key())),
					Duration.ofSeconds(30)))
				.filteredOn((record) -> "poison".equals(record.key()))
				.singleElement()
				.satisfies((record) -> assertThat(record.value()).isEqualTo("this is not a status event"));
		}
	}

	@Test
	void shouldSuppressANumberThatStoppedMarketingMessages() {
		UUID campaign = runningCampaign(2);
		List<UUID> ids = this.seeder.recipientIds(campaign);
		this.ingestion.apply(List.of(new StatusReported(campaign, ids.get(0), "wamid.S", RecipientStatus.FAILED, T0,
				131050, "User stopped marketing messages", StatusReported.Source.WEBHOOK)));

		assertThat(this.jdbc.sql("SELECT phone FROM suppressions WHERE user_id = :user")
			.param("user", this.userId)
			.query(String.class)
			.list()).containsExactly(Seeder.phone(1));
	}

	@Test
	void shouldCountSkippedRecipients() {
		UUID campaign = runningCampaign(2);
		List<UUID> ids = this.seeder.recipientIds(campaign);
		this.ingestion.apply(List.of(StatusReported.skipped(campaign, ids.get(0), "On the suppression list", T0)));

		assertThat(counters(campaign)).containsEntry("skipped", 1L).containsEntry("pending", 1L);
		this.invariants.assertCountersMatchRows(campaign);
	}

	@Test
	void shouldApplyEventsPublishedOnTheStatusTopic() {
		UUID campaign = runningCampaign(50);
		KafkaTemplate<String, Object> kafka = new KafkaTemplate<>(this.producers,
				Map.<String, Object>of("value.serializer", JacksonJsonSerializer.class));
		for (UUID id : this.seeder.recipientIds(campaign)) {
			kafka.send(Topics.WHATSAPP_STATUS, campaign.toString(),
					StatusReported.accepted(campaign, id, "w-" + id, T0));
			kafka.send(Topics.WHATSAPP_STATUS, campaign.toString(),
					webhook(campaign, id, "w-" + id, RecipientStatus.READ, 3));
		}
		kafka.flush();

		await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(campaignStatus(campaign)));
		assertThat(counters(campaign)).containsEntry("read", 50L).containsEntry("pending", 0L);
		this.invariants.assertCountersMatchRows(campaign);
	}

	@Test
	void shouldDeadLetterAnEventThatCanNeverBeAppliedAndApplyTheRestOfItsBatchAtOnce(Infrastructure infrastructure) {
		UUID campaign = runningCampaign(10);
		List<UUID> ids = this.seeder.recipientIds(campaign);
		KafkaTemplate<String, Object> kafka = new KafkaTemplate<>(this.producers,
				Map.<String, Object>of("value.serializer", JacksonJsonSerializer.class));
		try (TopicProbe deadLetters = new TopicProbe(infrastructure.kafkaBootstrapServers(),
				Topics.STATUS_DEAD_LETTER)) {
			for (int i = 0; i < 5; i++) {
				kafka.send(Topics.WHATSAPP_STATUS, campaign.toString(),
						webhook(campaign, ids.get(i), "w-" + ids.get(i), RecipientStatus.READ, 3));
			}
			// Readable, but PostgreSQL refuses its text (a NUL character) every time.
			kafka.send(Topics.WHATSAPP_STATUS, campaign.toString(), new StatusReported(campaign, ids.get(5), "w-nul",
					RecipientStatus.FAILED, T0, 131026, "Undeliverable\u0000", StatusReported.Source.WEBHOOK));
			// Readable, but says nothing that can be applied.
			kafka.send(Topics.WHATSAPP_STATUS, campaign.toString(), new StatusReported(campaign, ids.get(6), "w-none",
					null, T0, null, null, StatusReported.Source.WEBHOOK));
			for (int i = 5; i < 10; i++) {
				kafka.send(Topics.WHATSAPP_STATUS, campaign.toString(),
						webhook(campaign, ids.get(i), "w-" + ids.get(i), RecipientStatus.READ, 3));
			}
			kafka.flush();

			await().atMost(Duration.ofSeconds(10)).until(() -> "COMPLETED".equals(campaignStatus(campaign)));
			assertThat(counters(campaign)).containsEntry("read", 10L).containsEntry("failed", 0L);
			this.invariants.assertCountersMatchRows(campaign);
			List<ConsumerRecord<String, String>> dead = deadLetters.pollUntil(
					(seen) -> seen.stream().filter((r) -> campaign.toString().equals(r.key())).count() >= 2,
					Duration.ofSeconds(10));
			assertThat(dead).filteredOn((record) -> campaign.toString().equals(record.key()))
				.hasSize(2)
				.anySatisfy((record) -> assertThat(record.value()).contains("w-nul"))
				.anySatisfy((record) -> assertThat(record.value()).contains("w-none"));
		}
	}

	@Test
	void shouldLetMetasWordSettleARecipientWhoseOutcomeWasUnknown() {
		UUID campaign = runningCampaign(3);
		List<UUID> ids = this.seeder.recipientIds(campaign);
		// As the gateway's reconciler leaves them after the quiet period.
		this.jdbc.sql("""
				UPDATE campaign_recipients
				SET status = 'FAILED', error_code = -2, error_message = 'Outcome unknown', failed_at = now()
				WHERE campaign_id = :id""").param("id", campaign).update();
		this.jdbc.sql("UPDATE campaigns SET failed = 3, unknown = 3, pending = 0 WHERE id = :id")
			.param("id", campaign)
			.update();

		this.ingestion.apply(List.of(webhook(campaign, ids.get(0), "w-0", RecipientStatus.SENT, 1),
				failed(campaign, ids.get(1), "w-1", 1), webhook(campaign, ids.get(2), "w-2", RecipientStatus.READ, 1)));

		assertThat(counters(campaign)).containsEntry("sent", 2L)
			.containsEntry("read", 1L)
			.containsEntry("failed", 1L)
			.containsEntry("pending", 0L);
		this.invariants.assertCountersMatchRows(campaign);
		assertThat(this.jdbc.sql("SELECT unknown FROM campaigns WHERE id = :id")
			.param("id", campaign)
			.query(Integer.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("SELECT error_code FROM campaign_recipients WHERE id = :id")
			.param("id", ids.get(1))
			.query(Integer.class)
			.single()).isEqualTo(131026);
	}

	private UUID runningCampaign(int recipients) {
		return this.seeder.campaign()
			.owner(this.userId)
			.template(this.templateId)
			.status("RUNNING")
			.recipients(recipients)
			.create();
	}

	private static StatusReported webhook(UUID campaign, UUID recipient, String wamid, RecipientStatus status,
			int second) {
		return new StatusReported(campaign, recipient, wamid, status, T0.plusSeconds(second), null, null,
				StatusReported.Source.WEBHOOK);
	}

	private static StatusReported failed(UUID campaign, UUID recipient, String wamid, int second) {
		return new StatusReported(campaign, recipient, wamid, RecipientStatus.FAILED, T0.plusSeconds(second), 131026,
				"Message undeliverable", StatusReported.Source.WEBHOOK);
	}

	private Map<String, Long> counters(UUID campaign) {
		return this.jdbc.sql("SELECT sent, delivered, read, failed, pending, skipped FROM campaigns WHERE id = :id")
			.param("id", campaign)
			.query((rs, row) -> counterMap(rs))
			.single();
	}

	private static Map<String, Long> counterMap(java.sql.ResultSet rs) throws java.sql.SQLException {
		return Map.of("sent", rs.getLong("sent"), "delivered", rs.getLong("delivered"), "read", rs.getLong("read"),
				"failed", rs.getLong("failed"), "pending", rs.getLong("pending"), "skipped", rs.getLong("skipped"));
	}

	private long statusCount(UUID campaign, String status) {
		return this.jdbc.sql("SELECT count(*) FROM campaign_recipients WHERE campaign_id = :id AND status = :status")
			.param("id", campaign)
			.param("status", status)
			.query(Long.class)
			.single();
	}

	private String campaignStatus(UUID campaign) {
		return this.jdbc.sql("SELECT status FROM campaigns WHERE id = :id")
			.param("id", campaign)
			.query(String.class)
			.single();
	}

}
