package com.wacampaigns.gateway.webhook;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.graph.CallbackData;
import com.wacampaigns.common.graph.WebhookSignature;
import com.wacampaigns.gateway.GatewayIntegrationTest;
import com.wacampaigns.gateway.Http;
import com.wacampaigns.gateway.NewUserIntegrationTest;
import com.wacampaigns.localstack.Infrastructure;
import com.wacampaigns.localstack.TopicProbe;
import com.wacampaigns.localstack.WebhookBodies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meta's webhooks for the business number of the test's user: the verification challenge,
 * the signature over the raw body, and what is published or dead-lettered.
 */
class WebhookIntegrationTests extends NewUserIntegrationTest {

	private static final WebhookSignature SIGNATURE = new WebhookSignature(GatewayIntegrationTest.APP_SECRET);

	/** Callback data of a recipient of a campaign of this test's business number. */
	private CallbackData ours() {
		UUID campaign = this.accounts.campaign(this.user).sender(this.user.senderId()).status("RUNNING").create();
		return new CallbackData(campaign, UUID.randomUUID());
	}

	@Test
	void shouldAnswerMetasVerificationChallengeOnlyForTheRightToken() {
		HttpResponse<String> good = this.http.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token="
				+ GatewayIntegrationTest.VERIFY_TOKEN + "&hub.challenge=1158201444", null);
		HttpResponse<String> bad = this.http
			.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444", null);

		assertThat(good.statusCode()).isEqualTo(200);
		assertThat(good.body()).isEqualTo("1158201444");
		assertThat(bad.statusCode()).isEqualTo(403);
	}

	@Test
	void shouldPublishEveryStatusOfEveryEntryAndChangeKeyedByCampaign(Infrastructure infrastructure) {
		CallbackData first = ours();
		CallbackData second = ours();
		byte[] body = WebhookBodies
			.envelope(
					WebhookBodies.entry(change(status("wamid.1", "delivered", first), status("wamid.1", "read", first)),
							change(status("wamid.2", "sent", second))),
					WebhookBodies
						.entry(change(WebhookBodies.failed("wamid.3", T, second, 131026, "Message undeliverable"))))
			.getBytes(StandardCharsets.UTF_8);
		try (TopicProbe statuses = new TopicProbe(infrastructure.kafkaBootstrapServers(), Topics.WHATSAPP_STATUS)) {
			HttpResponse<String> response = this.http.post("/webhooks/whatsapp", signed(body), body);

			assertThat(response.statusCode()).isEqualTo(200);
			List<ConsumerRecord<String, String>> events = statuses.pollUntil((seen) -> seen.size() >= 4,
					Duration.ofSeconds(10));
			assertThat(events).hasSize(4);
			assertThat(events).filteredOn((event) -> event.key().equals(first.campaignId().toString())).hasSize(2);
			assertThat(events).filteredOn((event) -> event.key().equals(second.campaignId().toString())).hasSize(2);
			assertThat(events).anySatisfy((event) -> assertThat(event.value()).contains("\"status\":\"FAILED\"")
				.contains("\"errorCode\":131026")
				.contains(second.recipientId().toString()));
		}
	}

	@Test
	void shouldBelieveCallbackDataOnlyForACampaignOfTheBusinessNumberTheWebhookNames(Infrastructure infrastructure) {
		CallbackData mine = ours();
		UUID otherNumber = this.accounts.seeder()
			.sender()
			.owner(this.user.id())
			.phoneNumberId("9" + this.user.phoneNumberId())
			.displayNumber("+15550002222")
			.create();
		CallbackData elsewhere = new CallbackData(
				this.accounts.campaign(this.user).sender(otherNumber).status("RUNNING").create(), UUID.randomUUID());
		byte[] body = WebhookBodies
			.envelope(
					WebhookBodies.entry(change(status("wamid.M", "sent", mine), status("wamid.E", "sent", elsewhere))))
			.getBytes(StandardCharsets.UTF_8);
		try (TopicProbe statuses = new TopicProbe(infrastructure.kafkaBootstrapServers(), Topics.WHATSAPP_STATUS)) {
			assertThat(this.http.post("/webhooks/whatsapp", signed(body), body).statusCode()).isEqualTo(200);

			List<ConsumerRecord<String, String>> events = statuses.pollUntil((seen) -> seen.size() >= 2,
					Duration.ofSeconds(10));
			assertThat(events).anySatisfy((event) -> assertThat(event.key()).isEqualTo(mine.campaignId().toString()));
			assertThat(events).anySatisfy((event) -> {
				assertThat(event.key()).as("matched by its wamid").isEqualTo("wamid.E");
				assertThat(event.value()).doesNotContain(elsewhere.recipientId().toString());
			});
		}
	}

	@Test
	void shouldVerifyTheSignatureOverTheRawBytesOfAnEscapedNonAsciiBody(Infrastructure infrastructure) {
		CallbackData ids = new CallbackData(UUID.randomUUID(), UUID.randomUUID());
		// Meta escapes non-ASCII as \\uXXXX before signing; re-serialised JSON would
		// differ.
		byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"W\",\"changes\":[{\"field\":\"messages\","
				+ "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"Caf\\u00e9 \\u2615\","
				+ "\"phone_number_id\":\"1\"},\"statuses\":[" + status("wamid.U", "sent", ids) + "]}}]}]}")
			.getBytes(StandardCharsets.UTF_8);
		try (TopicProbe statuses = new TopicProbe(infrastructure.kafkaBootstrapServers(), Topics.WHATSAPP_STATUS)) {
			assertThat(this.http.post("/webhooks/whatsapp", signed(body), body).statusCode()).isEqualTo(200);
			assertThat(statuses.pollUntil((seen) -> !seen.isEmpty(), Duration.ofSeconds(10))).hasSize(1);
		}
	}

	@Test
	void shouldRefuseABadOrMissingSignatureAndPublishNothing(Infrastructure infrastructure) {
		CallbackData ids = new CallbackData(UUID.randomUUID(), UUID.randomUUID());
		byte[] body = WebhookBodies.envelope(WebhookBodies.entry(change(status("wamid.B", "read", ids))))
			.getBytes(StandardCharsets.UTF_8);
		byte[] other = WebhookBodies.envelope().getBytes(StandardCharsets.UTF_8);
		try (TopicProbe statuses = new TopicProbe(infrastructure.kafkaBootstrapServers(), Topics.WHATSAPP_STATUS)) {
			HttpResponse<String> forged = this.http.post("/webhooks/whatsapp", signed(other), body);
			HttpResponse<String> unsigned = this.http.post("/webhooks/whatsapp", Map.of(), body);

			assertThat(forged.statusCode()).isEqualTo(401);
			assertThat(unsigned.statusCode()).isEqualTo(401);
			assertThat(Http.json(forged).get("detail").asString()).contains(WebhookSignature.HEADER);
			assertThat(statuses.pollFor(Duration.ofSeconds(2))).isEmpty();
		}
	}

	@Test
	void shouldKeepSignedButUnreadableBodiesOnTheDeadLetterTopic(Infrastructure infrastructure) {
		byte[] body = "[{\"not\":\"an envelope\"".getBytes(StandardCharsets.UTF_8);
		byte[] array = "[{\"object\":\"whatsapp_business_account\"}]".getBytes(StandardCharsets.UTF_8);
		try (TopicProbe statuses = new TopicProbe(infrastructure.kafkaBootstrapServers(), Topics.WHATSAPP_STATUS);
				TopicProbe deadLetters = new TopicProbe(infrastructure.kafkaBootstrapServers(),
						Topics.WEBHOOK_DEAD_LETTER)) {
			assertThat(this.http.post("/webhooks/whatsapp", signed(body), body).statusCode()).isEqualTo(200);
			assertThat(this.http.post("/webhooks/whatsapp", signed(array), array).statusCode()).isEqualTo(200);

			assertThat(deadLetters.pollUntil((seen) -> seen.size() >= 2, Duration.ofSeconds(10)))
				.extracting(ConsumerRecord::value)
				.as("kept byte for byte")
				.containsExactlyInAnyOrder(new String(body, StandardCharsets.UTF_8),
						new String(array, StandardCharsets.UTF_8));
			assertThat(statuses.pollFor(Duration.ofSeconds(1))).isEmpty();
		}
	}

	@Test
	void shouldPublishTemplateChangesKeyedByTheirAccountInTheApisLanguageForm(Infrastructure infrastructure) {
		String wabaId = "102290129340398";
		String template = "\"message_template_id\":1689556908129832,\"message_template_name\":\"order_update\","
				+ "\"message_template_language\":\"en-US\"";
		byte[] body = WebhookBodies
			.envelope("{\"id\":\"" + wabaId + "\",\"time\":1751247548,\"changes\":["
					+ "{\"value\":{\"event\":\"PAUSED\"," + template + ",\"reason\":\"NONE\",\"other_info\":{"
					+ "\"title\":\"FIRST_PAUSE\",\"description\":\"Paused for 3 hours\"}},"
					+ "\"field\":\"message_template_status_update\"},"
					+ "{\"value\":{\"previous_quality_score\":\"GREEN\",\"new_quality_score\":\"YELLOW\"," + template
					+ "},\"field\":\"message_template_quality_update\"},"
					+ "{\"value\":{\"previous_category\":\"UTILITY\",\"new_category\":\"MARKETING\"," + template
					+ "},\"field\":\"template_category_update\"}]}")
			.getBytes(StandardCharsets.UTF_8);
		try (TopicProbe templates = new TopicProbe(infrastructure.kafkaBootstrapServers(), Topics.TEMPLATE_EVENTS);
				TopicProbe statuses = new TopicProbe(infrastructure.kafkaBootstrapServers(), Topics.WHATSAPP_STATUS)) {
			assertThat(this.http.post("/webhooks/whatsapp", signed(body), body).statusCode()).isEqualTo(200);

			List<ConsumerRecord<String, String>> events = templates.pollUntil((seen) -> seen.size() >= 3,
					Duration.ofSeconds(10));
			assertThat(events).hasSize(3).allSatisfy((event) -> {
				assertThat(event.key()).isEqualTo(wabaId);
				assertThat(event.value()).contains("\"metaTemplateId\":\"1689556908129832\"")
					.contains("\"language\":\"en_US\"");
			});
			assertThat(events).anySatisfy(
					(event) -> assertThat(event.value()).contains("\"field\":\"MESSAGE_TEMPLATE_STATUS_UPDATE\"")
						.contains("\"event\":\"PAUSED\"")
						.contains("FIRST_PAUSE: Paused for 3 hours"));
			assertThat(events).anySatisfy((event) -> assertThat(event.value()).contains("\"newQuality\":\"YELLOW\""));
			assertThat(events)
				.anySatisfy((event) -> assertThat(event.value()).contains("\"newCategory\":\"MARKETING\""));
			assertThat(statuses.pollFor(Duration.ofSeconds(1))).as("no status in it").isEmpty();
		}
	}

	@Test
	void shouldRefuseABodyOverThreeMegabytes() {
		byte[] body = new byte[4 * 1024 * 1024];
		java.util.Arrays.fill(body, (byte) ' ');

		assertThat(this.http.post("/webhooks/whatsapp", signed(body), body).statusCode()).isEqualTo(413);
	}

	private static Map<String, String> signed(byte[] body) {
		return Map.of(WebhookSignature.HEADER, SIGNATURE.sign(body), "Content-Type", "application/json");
	}

	private static final long T = 1763900000;

	private String change(String... statuses) {
		return WebhookBodies.statusChange(this.user.phoneNumberId(), List.of(statuses));
	}

	private static String status(String wamid, String status, CallbackData ids) {
		return WebhookBodies.status(wamid, status, T, ids);
	}

}
