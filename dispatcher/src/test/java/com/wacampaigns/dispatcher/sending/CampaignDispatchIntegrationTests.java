package com.wacampaigns.dispatcher.sending;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.DispatchRequested;
import com.wacampaigns.common.events.DispatchRetryScheduled;
import com.wacampaigns.common.graph.SendMessageRequest;
import com.wacampaigns.localstack.Infrastructure;
import com.wacampaigns.localstack.RealInfrastructure;
import com.wacampaigns.localstack.Seeder;
import com.wacampaigns.localstack.TopicProbe;
import com.wacampaigns.simulator.Faults;
import com.wacampaigns.simulator.Ledger;
import com.wacampaigns.simulator.SimulatorSettings;
import com.wacampaigns.simulator.WhatsAppSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(properties = "spring.config.name=dispatcher")
@RealInfrastructure
class CampaignDispatchIntegrationTests {

	private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

	private static final WhatsAppSimulator simulator = WhatsAppSimulator.start(SimulatorSettings.defaults("secret"));

	@Autowired
	private KafkaTemplate<String, Object> kafka;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	private Seeder seeder;

	private JdbcClient jdbc;

	private UUID userId;

	private long templateId;

	@DynamicPropertySource
	static void simulatorAndKey(DynamicPropertyRegistry registry) {
		registry.add("dispatcher.graph.base-url", () -> simulator.baseUrl().toString());
		registry.add("dispatcher.token-encryption-key", () -> KEY);
	}

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@BeforeEach
	void seed() {
		this.seeder = new Seeder(this.dataSource);
		this.jdbc = JdbcClient.create(this.dataSource);
		this.userId = this.seeder.user().create();
		this.templateId = this.seeder.template().owner(this.userId).create();
	}

	@Test
	void shouldSendEachRecipientOnceWhenRecordsAreDeliveredSeveralTimes(Infrastructure infrastructure) {
		String number = sender("token-a", "token-a");
		UUID campaign = campaign("RUNNING", 200);
		try (TopicProbe statuses = new TopicProbe(infrastructure.kafkaBootstrapServers(), Topics.WHATSAPP_STATUS)) {
			publishAll(campaign, number, 1000, 2);
			publishAll(campaign, number, 1000, 1);

			await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(campaign) >= 200);
			List<ConsumerRecord<String, String>> accepted = statuses
				.pollUntil((seen) -> ofCampaign(seen, campaign).size() >= 200, Duration.ofSeconds(30));
			// Whatever was still to arrive has had its chance.
			statuses.pollFor(Duration.ofSeconds(2));

			assertThat(ofCampaign(accepted, campaign)).hasSize(200)
				.allSatisfy((event) -> assertThat(event.value()).contains("\"status\":\"ACCEPTED\"")
					.contains("\"wamid\":\"wamid."));
			assertThat(sendsOf(campaign)).isEqualTo(200);
			assertThat(duplicatesOf(campaign)).isZero();
			assertThat(rowsIn(campaign, "SENDING")).isEqualTo(200);
		}
	}

	@Test
	void shouldLetRecipientsHeldBackByMetasMarketingLimitWaitOnceAndFailTheSecondTime(Infrastructure infrastructure) {
		String number = sender("token-m", "token-m");
		UUID campaign = campaign("RUNNING", 20);
		simulator.faults(Faults.NONE.withMarketingLimitShare(1));
		try (TopicProbe statuses = new TopicProbe(infrastructure.kafkaBootstrapServers(), Topics.WHATSAPP_STATUS)) {
			publishAll(campaign, number, 1000);

			await().atMost(Duration.ofSeconds(30)).until(() -> rowsWaiting(campaign) == 20);
			// Waiting a day (the default), counted once, with Meta's reason; not failed.
			assertThat(this.jdbc.sql("""
					SELECT count(*) FROM campaign_recipients
					WHERE campaign_id = :id AND status = 'PENDING' AND deferrals = 1 AND error_code = 131049
					  AND not_before BETWEEN now() + interval '23 hours' AND now() + interval '25 hours'
					""").param("id", campaign).query(Long.class).single()).isEqualTo(20);
			assertThat(ofCampaign(statuses.pollFor(Duration.ofSeconds(2)), campaign)).as("no FAILED reported")
				.isEmpty();

			// Their day is over: fed again, Meta refuses again, and now they fail.
			this.jdbc.sql("UPDATE campaign_recipients SET not_before = now() WHERE campaign_id = :id")
				.param("id", campaign)
				.update();
			publishAll(campaign, number, 1000);

			List<ConsumerRecord<String, String>> failed = statuses
				.pollUntil((seen) -> ofCampaign(seen, campaign).size() >= 20, Duration.ofSeconds(30));
			assertThat(ofCampaign(failed, campaign)).hasSize(20)
				.allSatisfy((event) -> assertThat(event.value()).contains("\"status\":\"FAILED\"").contains("131049"));
		}
		finally {
			simulator.faults(Faults.NONE);
		}
	}

	/**
	 * A sender's retries are read by the consumers of its first sends; a retry not yet
	 * due waits aside, so the first sends behind it go at once, and its offset is not
	 * committed until it is sent: a dispatcher that died meanwhile leaves it to the next.
	 */
	@Test
	void shouldHoldARetryUntilItIsDueWithoutHoldingUpFirstSendsNorCommittingIt(Infrastructure infrastructure)
			throws Exception {
		String number = sender("token-r", "token-r");
		UUID campaign = campaign("RUNNING", 2);
		List<DispatchRequested> records = records(campaign, number, 1000);
		// The first recipient was sent once and refused: claimed, one attempt, due
		// again in four seconds.
		this.jdbc.sql("""
				UPDATE campaign_recipients SET status = 'SENDING', claimed_at = now(), retry_count = 1
				WHERE id = :id""").param("id", records.get(0).recipientId()).update();
		Instant due = Instant.now().plusSeconds(4);
		RecordMetadata retry = this.kafka
			.send(Topics.DISPATCH_RETRY, number,
					new DispatchRetryScheduled(records.get(0), 1, due, 130429, "Throttled"))
			.get()
			.getRecordMetadata();
		this.kafka.send(Topics.CAMPAIGN_DISPATCH, number, records.get(1)).get();

		await().atMost(Duration.ofSeconds(3)).until(() -> sendsOf(campaign) == 1);
		assertThat(Instant.now()).as("the first send went before the retry was due").isBefore(due);
		assertThat(committed(infrastructure, retry)).as("the waiting retry's offset is not committed")
			.isLessThanOrEqualTo(retry.offset());

		await().atMost(Duration.ofSeconds(10)).until(() -> sendsOf(campaign) == 2);
		// The retry is the later of the two.
		Ledger.Entry retried = simulator.ledger()
			.entries()
			.stream()
			.filter((entry) -> entry.campaign().equals(campaign.toString()))
			.max(Comparator.comparing(Ledger.Entry::at))
			.orElseThrow();
		assertThat(retried.at()).as("sent when due, not before").isAfterOrEqualTo(due.minusMillis(50));

		// The next batch commits past it (the first send again: already claimed, not
		// sent).
		this.kafka.send(Topics.CAMPAIGN_DISPATCH, number, records.get(1)).get();
		await().atMost(Duration.ofSeconds(10)).until(() -> committed(infrastructure, retry) > retry.offset());
		assertThat(sendsOf(campaign)).isEqualTo(2);
	}

	/**
	 * One pace per sender: each consumer of the group owns the same partitions of first
	 * sends and of retries, so a sender's retries are paced by the limiter of its first
	 * sends.
	 */
	@Test
	void shouldGiveEachConsumerTheSamePartitionsOfFirstSendsAndOfRetries(Infrastructure infrastructure) {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()))) {
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				Collection<MemberDescription> members = admin.describeConsumerGroups(List.of("dispatcher"))
					.all()
					.get()
					.get("dispatcher")
					.members();
				assertThat(members).hasSizeGreaterThan(1);
				for (MemberDescription member : members) {
					Map<String, Set<Integer>> byTopic = member.assignment()
						.topicPartitions()
						.stream()
						.collect(Collectors.groupingBy(TopicPartition::topic,
								Collectors.mapping(TopicPartition::partition, Collectors.toSet())));
					assertThat(byTopic.get(Topics.CAMPAIGN_DISPATCH)).as(member.consumerId()).isNotEmpty();
					assertThat(byTopic.get(Topics.DISPATCH_RETRY)).as(member.consumerId())
						.isEqualTo(byTopic.get(Topics.CAMPAIGN_DISPATCH));
				}
			});
		}
	}

	private static long committed(Infrastructure infrastructure, RecordMetadata record) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()))) {
			OffsetAndMetadata offset = admin.listConsumerGroupOffsets("dispatcher")
				.partitionsToOffsetAndMetadata()
				.get()
				.get(new TopicPartition(record.topic(), record.partition()));
			return (offset != null) ? offset.offset() : -1;
		}
	}

	private long rowsWaiting(UUID campaign) {
		return this.jdbc.sql("""
				SELECT count(*) FROM campaign_recipients
				WHERE campaign_id = :id AND status = 'PENDING' AND not_before > now()""")
			.param("id", campaign)
			.query(Long.class)
			.single();
	}

	@Test
	void shouldPassOverRecordsOfAPausedCampaign() {
		String number = sender("token-b", "token-b");
		UUID paused = campaign("PAUSED", 50);
		UUID running = campaign("RUNNING", 10);

		publishAll(paused, number, 1000);
		publishAll(running, number, 1000);

		// The running campaign's records come after the paused one's on the same
		// partition.
		await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(running) == 10);
		assertThat(sendsOf(paused)).isZero();
		assertThat(rowsIn(paused, "PENDING")).isEqualTo(50);
	}

	@Test
	void shouldCountARefusedTokenAgainstTheSenderAndDisconnectItAtTheThirdFailure() {
		String number = sender("the-token", "the-token");
		// Meta says the token expired, after 300 ms: the five sends of a wave are all in
		// flight before the first answer comes.
		simulator.faults(new Faults(0, 0, 0, 0, false, 0, false, true, 300, 300));
		try {
			disconnectAfterThreeWavesOfRefusals(number);
		}
		finally {
			simulator.faults(Faults.NONE);
		}
	}

	private void disconnectAfterThreeWavesOfRefusals(String number) {
		UUID campaign = campaign("RUNNING", 5);
		this.jdbc
			.sql("UPDATE campaigns SET sender_id = (SELECT id FROM senders WHERE phone_number_id = :n) WHERE id = :id")
			.param("n", number)
			.param("id", campaign)
			.update();

		// Five sends in flight at once that fail together are one failure, not five;
		// each later wave of sends is one more, and the third in a row disconnects.
		for (int wave = 1; wave <= 2; wave++) {
			publishAsOneBatch(campaign, number);
			int expected = wave;
			await().atMost(Duration.ofSeconds(30)).until(() -> failuresOf(number) == expected);
			await().atMost(Duration.ofSeconds(30)).until(() -> rowsIn(campaign, "PENDING") == 5);
			assertThat(failuresOf(number)).isEqualTo(expected);
		}
		publishAll(campaign, number, 1000);

		// Seeded recipients start PENDING: wait for the disconnect first, then for the
		// claims to be released.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "DISCONNECTED".equals(this.jdbc.sql("SELECT status FROM senders WHERE phone_number_id = :n")
				.param("n", number)
				.query(String.class)
				.single()));
		await().atMost(Duration.ofSeconds(30)).until(() -> rowsIn(campaign, "PENDING") == 5);
		Map<String, Object> sender = this.jdbc.sql("""
				SELECT status, connection_failure_count, access_token_encrypted IS NULL AS wiped
				FROM senders WHERE phone_number_id = :n""")
			.param("n", number)
			.query((rs, row) -> Map.<String, Object>of("status", rs.getString("status"), "failures",
					rs.getInt("connection_failure_count"), "wiped", rs.getBoolean("wiped")))
			.single();
		assertThat(sender).containsEntry("status", "DISCONNECTED").containsEntry("wiped", true);
		assertThat((Integer) sender.get("failures")).isGreaterThanOrEqualTo(3);
		assertThat(this.jdbc.sql("SELECT status || ': ' || status_reason FROM campaigns WHERE id = :id")
			.param("id", campaign)
			.query(String.class)
			.single()).startsWith("PAUSED: WhatsApp number disconnected").contains("190");
		assertThat(sendsOf(campaign)).isZero();
	}

	/**
	 * The campaign's records, all in the listener's next batch: they are all in the log
	 * before the listener starts again and fetches from its committed offset (a paused
	 * one may resume with a fetch it made halfway through the publishing).
	 */
	private void publishAsOneBatch(UUID campaign, String number) {
		MessageListenerContainer listener = this.listeners.getListenerContainer("dispatcher");
		listener.stop();
		publishAll(campaign, number, 1000);
		listener.start();
	}

	private int failuresOf(String number) {
		return this.jdbc.sql("SELECT connection_failure_count FROM senders WHERE phone_number_id = :n")
			.param("n", number)
			.query(Integer.class)
			.single();
	}

	@Test
	void shouldReportANumberSuppressedSinceTheImportAsSkippedWithoutSendingIt(Infrastructure infrastructure) {
		String number = sender("token-d", "token-d");
		UUID campaign = campaign("RUNNING", 3);
		this.jdbc.sql("INSERT INTO suppressions (user_id, phone, reason) VALUES (:user, :phone, 'Replied STOP')")
			.param("user", this.userId)
			.param("phone", Seeder.phone(2))
			.update();
		try (TopicProbe statuses = new TopicProbe(infrastructure.kafkaBootstrapServers(), Topics.WHATSAPP_STATUS)) {
			publishAll(campaign, number, 1000);

			List<ConsumerRecord<String, String>> events = statuses
				.pollUntil((seen) -> ofCampaign(seen, campaign).size() >= 3, Duration.ofSeconds(30));

			assertThat(ofCampaign(events, campaign)).filteredOn((event) -> event.value().contains("\"SKIPPED\""))
				.singleElement();
			assertThat(simulator.ledger().entries()).filteredOn((e) -> e.campaign().equals(campaign.toString()))
				.extracting(Ledger.Entry::phone)
				.containsExactlyInAnyOrder(Seeder.phone(1).substring(1), Seeder.phone(3).substring(1));
		}
	}

	@Test
	void shouldHoldACampaignToItsRate() {
		String number = sender("token-c", "token-c");
		UUID campaign = this.seeder.campaign()
			.owner(this.userId)
			.template(this.templateId)
			.status("RUNNING")
			.rateLimit(10)
			.maxWorkers(5)
			.recipients(31)
			.create();

		publishAll(campaign, number, 10);

		await().atMost(Duration.ofSeconds(30)).until(() -> sendsOf(campaign) == 31);
		List<Ledger.Entry> sends = simulator.ledger()
			.entries()
			.stream()
			.filter((entry) -> entry.campaign().equals(campaign.toString()))
			.toList();
		Duration span = Duration.between(sends.get(0).at(), sends.get(sends.size() - 1).at());
		// 31 sends at 10 per second take 3 seconds (unthrottled, a few milliseconds); the
		// margin
		// is for the arrival jitter of the HTTP requests.
		assertThat(span).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
	}

	private String sender(String storedToken, String tokenAtMeta) {
		String phoneNumberId = Long.toString(100_000_000L + (long) (Math.random() * 899_999_999L));
		this.seeder.sender()
			.owner(this.userId)
			.phoneNumberId(phoneNumberId)
			.accessToken(storedToken, KEY)
			.messagesPerSecond(1000)
			.create();
		simulator.registerNumber(phoneNumberId, "+15550001111", tokenAtMeta);
		return phoneNumberId;
	}

	/** A campaign of the test's user at 1,000 msg/s with 20 workers, without sender. */
	private UUID campaign(String status, int recipients) {
		return this.seeder.campaign()
			.owner(this.userId)
			.template(this.templateId)
			.status(status)
			.rateLimit(1000)
			.maxWorkers(20)
			.recipients(recipients)
			.create();
	}

	private void publishAll(UUID campaign, String phoneNumberId, int rate) {
		publishAll(campaign, phoneNumberId, rate, 1);
	}

	/** Publishes each recipient's record {@code copies} times in a row. */
	private void publishAll(UUID campaign, String phoneNumberId, int rate, int copies) {
		for (DispatchRequested record : records(campaign, phoneNumberId, rate)) {
			for (int copy = 0; copy < copies; copy++) {
				this.kafka.send(Topics.CAMPAIGN_DISPATCH, phoneNumberId, record);
			}
		}
		this.kafka.flush();
	}

	/** The campaign's dispatch records, in sequence order. */
	private List<DispatchRequested> records(UUID campaign, String phoneNumberId, int rate) {
		return this.jdbc
			.sql("SELECT id, sequence, full_phone FROM campaign_recipients WHERE campaign_id = :id ORDER BY sequence")
			.param("id", campaign)
			.query((rs, row) -> new DispatchRequested(campaign, rs.getObject("id", UUID.class), rs.getLong("sequence"),
					phoneNumberId, rs.getString("full_phone"), "order_update", "en_US",
					SendMessageRequest.Component.body(List.of("Ana", "42")), rate, 20))
			.list();
	}

	private static List<ConsumerRecord<String, String>> ofCampaign(List<ConsumerRecord<String, String>> records,
			UUID campaign) {
		return records.stream().filter((record) -> campaign.toString().equals(record.key())).toList();
	}

	private static long sendsOf(UUID campaign) {
		return simulator.ledger().entries().stream().filter((e) -> e.campaign().equals(campaign.toString())).count();
	}

	private static long duplicatesOf(UUID campaign) {
		List<String> phones = simulator.ledger()
			.entries()
			.stream()
			.filter((e) -> e.campaign().equals(campaign.toString()))
			.map(Ledger.Entry::phone)
			.toList();
		return phones.size() - phones.stream().distinct().count();
	}

	private long rowsIn(UUID campaign, String status) {
		return this.jdbc.sql("SELECT count(*) FROM campaign_recipients WHERE campaign_id = :id AND status = :status")
			.param("id", campaign)
			.param("status", status)
			.query(Long.class)
			.single();
	}

}
