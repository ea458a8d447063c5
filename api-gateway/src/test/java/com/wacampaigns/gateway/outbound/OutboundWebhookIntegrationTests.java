package com.wacampaigns.gateway.outbound;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.wacampaigns.common.graph.WebhookSignature;
import com.wacampaigns.gateway.GatewayIntegrationTest;
import com.wacampaigns.gateway.Http;
import com.wacampaigns.gateway.NewUserIntegrationTest;
import com.wacampaigns.gateway.TestAccounts;
import com.wacampaigns.localstack.EndpointReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Users' webhook endpoints: registered with a secret shown once, told of campaigns'
 * statuses, opt-outs and replies in signed POSTs, retried until they answer, logged,
 * disabled when they fail too long, and kept to public addresses (the tests allow the
 * loopback, where their receivers are).
 */
class OutboundWebhookIntegrationTests extends NewUserIntegrationTest {

	private static final WebhookSignature META = new WebhookSignature(GatewayIntegrationTest.APP_SECRET);

	@Test
	void shouldSignEachDeliveryRetryItUntilTheEndpointAnswersAndLogTheAttempts() {
		try (EndpointReceiver receiver = EndpointReceiver.failingFirst(2)) {
			JsonNode endpoint = register(receiver,
					"[\"campaign.status_changed\", \"contact.opted_out\", \"message.received\"]");
			UUID campaign = this.accounts.campaign(this.user).status("RUNNING").recipients(3).create();
			String stop = reply("919812349001", "wamid.in-" + UUID.randomUUID(), "STOP");

			assertThat(this.http.post("/campaigns/" + campaign + "/status", this.user.token(), "{\"status\":\"pause\"}")
				.statusCode()).isEqualTo(200);
			metaSends(stop);
			metaSends(stop);

			await().atMost(Duration.ofSeconds(30))
				.until(() -> receiver.acceptedEvents().stream().map((e) -> e.get("type").asString()).toList(),
						(types) -> types.containsAll(List.of("campaign.status_changed", "contact.opted_out"))
								&& types.stream().filter("message.received"::equals).count() == 2);
			Map<String, JsonNode> events = receiver.eventsById();
			assertThat(receiver.requests()).allSatisfy((request) -> assertThat(request.signatureValid())
				.as("signed with the endpoint's secret: " + request.signature())
				.isTrue());
			assertThat(receiver.requests().subList(0, 2)).extracting(EndpointReceiver.Request::answered)
				.containsExactly(503, 503);
			JsonNode paused = only(events, "campaign.status_changed");
			assertThat(paused.get("data").get("campaign_id").asString()).isEqualTo(campaign.toString());
			assertThat(paused.get("data").get("from_status").asString()).isEqualTo("RUNNING");
			assertThat(paused.get("data").get("to_status").asString()).isEqualTo("PAUSED");
			assertThat(only(events, "contact.opted_out").get("data").get("phone").asString())
				.isEqualTo("+919812349001");
			JsonNode received = only(events, "message.received");
			assertThat(received.get("data").get("text").asString()).isEqualTo("STOP");
			assertThat(receiver.acceptedEvents()
				.stream()
				.filter((e) -> e.get("type").asString().equals("message.received")))
				.as("Meta's repeat of the webhook is the same event, by its id")
				.hasSize(2)
				.allSatisfy((e) -> assertThat(e.get("id").asString()).isEqualTo(received.get("id").asString()));

			HttpResponse<String> log = this.http
				.get("/webhooks/endpoints/" + endpoint.get("id").asString() + "/deliveries", this.user.token());
			assertThat(log.headers().firstValue("X-Total-Count")).isPresent();
			List<JsonNode> deliveries = Http.json(log).valueStream().toList();
			assertThat(deliveries).allSatisfy((d) -> assertThat(d.get("status").asString()).isEqualTo("DELIVERED"));
			assertThat(deliveries.stream().mapToInt((d) -> d.get("attempts").asInt()).sum())
				.as("every request the receiver saw is an attempt in the log")
				.isEqualTo(receiver.requests().size());
			assertThat(deliveries).anySatisfy((d) -> assertThat(d.get("attempts").asInt()).isGreaterThan(1));
			JsonNode one = Http.json(this.http.get("/webhooks/endpoints/" + endpoint.get("id").asString()
					+ "/deliveries/" + deliveries.get(0).get("id").asString(), this.user.token()));
			assertThat(one.get("payload").asString()).startsWith("{\"events\":[");
		}
	}

	@Test
	void shouldDisableAnEndpointThatKeepsFailingAndRetryADeliveryByHandOnceEnabled() {
		try (EndpointReceiver receiver = EndpointReceiver.failingFirst(0)) {
			receiver.answer(500);
			String id = register(receiver, "[\"campaign.status_changed\"]").get("id").asString();

			HttpResponse<String> test = this.http.post("/webhooks/endpoints/" + id + "/test", this.user.token(), "");
			assertThat(test.statusCode()).as(test.body()).isEqualTo(202);
			String delivery = Http.json(test).get("id").asString();

			await().atMost(Duration.ofSeconds(30))
				.until(() -> Http.json(this.http.get("/webhooks/endpoints/" + id, this.user.token())),
						(endpoint) -> endpoint.get("status").asString().equals("DISABLED"));
			JsonNode disabled = Http.json(this.http.get("/webhooks/endpoints/" + id, this.user.token()));
			assertThat(disabled.get("disabled_reason").asString()).contains("HTTP 500");
			JsonNode failing = await().atMost(Duration.ofSeconds(5))
				.until(() -> delivery(id, delivery), (d) -> d.get("status").asString().equals("FAILED"));
			assertThat(failing.get("attempts").asInt()).isGreaterThan(1);
			assertThat(failing.get("last_status_code").asInt()).isEqualTo(500);
			assertThat(failing.get("last_error").asString()).startsWith("HTTP 500")
				.endsWith("Not sent: the endpoint was disabled");

			int attemptsWhenDisabled = receiver.requests().size();
			assertThat(this.http
				.post("/webhooks/endpoints/" + id + "/deliveries/" + delivery + "/retry", this.user.token(), "")
				.statusCode()).as("nothing is sent to a disabled endpoint").isEqualTo(409);

			receiver.answer(204);
			assertThat(
					this.http.patch("/webhooks/endpoints/" + id, this.user.token(), "{\"enabled\": true}").statusCode())
				.isEqualTo(200);
			HttpResponse<String> retried = this.http
				.post("/webhooks/endpoints/" + id + "/deliveries/" + delivery + "/retry", this.user.token(), "");

			assertThat(retried.statusCode()).as(retried.body()).isIn(202, 409);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> Http
					.json(this.http.get("/webhooks/endpoints/" + id + "/deliveries/" + delivery, this.user.token())),
						(d) -> d.get("status").asString().equals("DELIVERED"));
			assertThat(receiver.requests().size()).isGreaterThan(attemptsWhenDisabled);
			assertThat(receiver.eventsById().values()).singleElement()
				.satisfies((event) -> assertThat(event.get("type").asString()).isEqualTo("endpoint.test"));
			JsonNode enabled = Http.json(this.http.get("/webhooks/endpoints/" + id, this.user.token()));
			assertThat(enabled.get("status").asString()).isEqualTo("ENABLED");
			assertThat(enabled.get("failing_since").isNull()).isTrue();
		}
	}

	@Test
	void shouldStartANewRunOfFailuresAfterAQuietTimeRatherThanDisableOnAnOldOne() {
		try (EndpointReceiver receiver = EndpointReceiver.failingFirst(0)) {
			receiver.answer(502);
			String id = register(receiver, "[\"campaign.status_changed\"]").get("id").asString();
			// It failed 10 s ago, longer ago than a run of failures lasts here (twice the
			// longest retry pause, 1 s) and than the time that disables (3 s).
			this.jdbc.sql("""
					UPDATE webhook_endpoints
					SET failing_since = now() - interval '10 seconds', last_failed_at = now() - interval '10 seconds'
					WHERE id = CAST(:id AS uuid)""").param("id", id).update();

			sendTest(id);

			JsonNode endpoint = await().atMost(Duration.ofSeconds(5))
				.until(() -> Http.json(this.http.get("/webhooks/endpoints/" + id, this.user.token())),
						(e) -> OffsetDateTime.parse(e.get("failing_since").asString())
							.isAfter(OffsetDateTime.now().minusSeconds(5)));
			assertThat(endpoint.get("status").asString()).as("one failure after a quiet time disables nothing")
				.isEqualTo("ENABLED");
		}
	}

	@Test
	void shouldRefuseARetryByHandWhileAnAttemptIsUnderWayAndGiveUpWhatWaitsWhenItsUserDisablesIt() {
		try (EndpointReceiver slow = EndpointReceiver.failingFirst(0);
				EndpointReceiver failing = EndpointReceiver.failingFirst(0)) {
			slow.answerAfter(Duration.ofSeconds(2));
			String slowId = register(slow, "[\"campaign.status_changed\"]").get("id").asString();
			String delivery = sendTest(slowId);
			await().atMost(Duration.ofSeconds(5)).until(() -> slow.mostAtOnce() >= 1);

			HttpResponse<String> retried = this.http
				.post("/webhooks/endpoints/" + slowId + "/deliveries/" + delivery + "/retry", this.user.token(), "");

			assertThat(retried.statusCode()).as("its outcome comes first").isEqualTo(409);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> delivery(slowId, delivery).get("status").asString().equals("DELIVERED"));
			assertThat(slow.requests()).as("one attempt, not two at once").hasSize(1);

			failing.answer(503);
			String failingId = register(failing, "[\"campaign.status_changed\"]").get("id").asString();
			String waiting = sendTest(failingId);
			await().atMost(Duration.ofSeconds(5)).until(() -> failing.requests().size() >= 1);
			assertThat(this.http.patch("/webhooks/endpoints/" + failingId, this.user.token(), "{\"enabled\": false}")
				.statusCode()).isEqualTo(200);
			JsonNode given = delivery(failingId, waiting);
			assertThat(given.get("status").asString()).isEqualTo("FAILED");
			assertThat(given.get("last_error").asString()).endsWith("Not sent: the endpoint was disabled by its user");
		}
	}

	@Test
	void shouldLetAUserRegisterAtMostTenEndpoints() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.http
				.post("/webhooks/endpoints", this.user.token(),
						"{\"url\": \"http://127.0.0.1:9/hook-" + i + "\", \"events\": [\"message.status\"]}")
				.statusCode()).isEqualTo(201);
		}
		HttpResponse<String> eleventh = this.http.post("/webhooks/endpoints", this.user.token(),
				"{\"url\": \"http://127.0.0.1:9/hook-10\", \"events\": [\"message.status\"]}");

		assertThat(eleventh.statusCode()).isEqualTo(409);
		assertThat(Http.json(eleventh).get("detail").asString()).contains("at most 10");
	}

	@Test
	void shouldKeepASlowEndpointToItsShareOfAttemptsSoOtherEndpointsAreNotHeldUp() {
		try (EndpointReceiver slow = EndpointReceiver.failingFirst(0);
				EndpointReceiver fast = EndpointReceiver.failingFirst(0)) {
			slow.answerAfter(Duration.ofSeconds(2));
			String slowId = register(slow, "[\"campaign.status_changed\"]").get("id").asString();
			String fastId = register(fast, "[\"campaign.status_changed\"]").get("id").asString();
			for (int i = 0; i < 8; i++) {
				sendTest(slowId);
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> slow.mostAtOnce() >= 2);

			sendTest(fastId);

			// The gateway has 4 attempt slots here and each endpoint a share of 2.
			// Without
			// the share the slow endpoint's 8 older deliveries would hold all 4 slots for
			// two rounds of 2 s before the fast one's turn.
			await().atMost(Duration.ofMillis(2500)).until(() -> fast.eventsById().size() == 1);
			await().atMost(Duration.ofSeconds(20)).until(() -> slow.eventsById().size() == 8);
			assertThat(slow.mostAtOnce()).as("attempts in flight to the slow endpoint at one moment").isEqualTo(2);
		}
	}

	@Test
	void shouldDropSettledDeliveriesFromTheLogAfterItsRetentionButNeverPendingOnes() {
		try (EndpointReceiver answering = EndpointReceiver.failingFirst(0);
				EndpointReceiver failing = EndpointReceiver.failingFirst(0)) {
			failing.answer(503);
			String answeringId = register(answering, "[\"campaign.status_changed\"]").get("id").asString();
			String failingId = register(failing, "[\"campaign.status_changed\"]").get("id").asString();
			String delivered = sendTest(answeringId);
			String pending = sendTest(failingId);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> delivery(answeringId, delivered).get("status").asString().equals("DELIVERED")
						&& failing.requests().size() >= 2);

			// The log keeps deliveries for an hour here: make both two hours old.
			this.jdbc.sql("UPDATE webhook_deliveries SET created_at = now() - interval '2 hours' WHERE id IN (:ids)")
				.param("ids", List.of(UUID.fromString(delivered), UUID.fromString(pending)))
				.update();

			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.http
					.get("/webhooks/endpoints/" + answeringId + "/deliveries/" + delivered, this.user.token())
					.statusCode() == 404);
			assertThat(delivery(failingId, pending).get("status").asString())
				.as("a delivery still being tried is never trimmed")
				.isEqualTo("PENDING");
		}
	}

	@Test
	void shouldRefuseEndpointsOnPrivateAddressesAndUnknownEventsNamingTheField() {
		for (String url : List.of("http://10.1.2.3/hook", "https://192.168.0.10/hook",
				"http://169.254.169.254/latest/meta-data", "ftp://example.com/hook", "http://[::127.0.0.1]/hook",
				"https://[64:ff9b::a00:1]/hook", "https://100.64.0.1/hook")) {
			HttpResponse<String> refused = this.http.post("/webhooks/endpoints", this.user.token(),
					"{\"url\": \"" + url + "\", \"events\": [\"message.status\"]}");
			assertThat(refused.statusCode()).as(url).isEqualTo(400);
			assertThat(Http.json(refused).get("errors").get(0).get("field").asString()).isEqualTo("url");
		}
		HttpResponse<String> unknown = this.http.post("/webhooks/endpoints", this.user.token(),
				"{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"message.status\", \"campaign.exploded\"]}");

		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(Http.json(unknown).get("errors").get(0).get("field").asString()).isEqualTo("events[1]");
		assertThat(this.http.get("/webhooks/endpoints", this.user.token()).body()).isEqualTo("[]");
	}

	@Test
	void shouldShowAnEndpointToItsOwnerAndAdminsOnlyAndToKeysWithItsScope() {
		String id = Http.json(this.http.post("/webhooks/endpoints", this.user.token(),
				"{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"message.status\"]}"))
			.get("id")
			.asString();
		TestAccounts.Account other = this.accounts.newUser();
		String reader = Http
			.json(this.http.post("/api-keys", this.user.token(),
					"{\"name\": \"CRM\", \"scopes\": [\"webhooks:read\"]}"))
			.get("key")
			.asString();

		assertThat(this.http.get("/webhooks/endpoints/" + id, other.token()).statusCode()).isEqualTo(404);
		assertThat(this.http.delete("/webhooks/endpoints/" + id, other.token(), null).statusCode()).isEqualTo(404);
		assertThat(this.http.get("/webhooks/endpoints", other.token()).body()).isEqualTo("[]");
		assertThat(this.http.get("/webhooks/endpoints/" + id, this.accounts.newAdmin().token()).statusCode())
			.isEqualTo(200);
		assertThat(this.http.get("/webhooks/endpoints/" + id, reader).statusCode()).isEqualTo(200);
		HttpResponse<String> written = this.http.patch("/webhooks/endpoints/" + id, reader, "{\"enabled\": false}");
		assertThat(written.statusCode()).isEqualTo(403);
		assertThat(Http.json(written).get("missing_scope").asString()).isEqualTo("webhooks:write");
		assertThat(Http.json(this.http.get("/webhooks/endpoints/" + id, this.user.token())).has("secret")).isFalse();
		assertThat(this.jdbc.sql("SELECT secret FROM webhook_endpoints WHERE id = CAST(:id AS uuid)")
			.param("id", id)
			.query(String.class)
			.single()).as("stored encrypted").startsWith("v1:").doesNotContain("whsec_");
	}

	private JsonNode register(EndpointReceiver receiver, String events) {
		HttpResponse<String> created = this.http.post("/webhooks/endpoints", this.user.token(),
				"{\"url\": \"" + receiver.url() + "\", \"events\": " + events + ", \"description\": \"test\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode endpoint = Http.json(created);
		assertThat(endpoint.get("secret").asString()).startsWith("whsec_");
		receiver.secret(endpoint.get("secret").asString());
		return endpoint;
	}

	/** Asks for an {@code endpoint.test} event; its delivery's id. */
	private String sendTest(String endpointId) {
		HttpResponse<String> test = this.http.post("/webhooks/endpoints/" + endpointId + "/test", this.user.token(),
				"");
		assertThat(test.statusCode()).as(test.body()).isEqualTo(202);
		return Http.json(test).get("id").asString();
	}

	private JsonNode delivery(String endpointId, String id) {
		return Http.json(this.http.get("/webhooks/endpoints/" + endpointId + "/deliveries/" + id, this.user.token()));
	}

	private static JsonNode only(Map<String, JsonNode> events, String type) {
		List<JsonNode> ofType = events.values().stream().filter((e) -> e.get("type").asString().equals(type)).toList();
		assertThat(ofType).as(type).hasSize(1);
		return ofType.get(0);
	}

	private void metaSends(String value) {
		byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":[" + value
				+ "]}]}")
			.getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = this.http.post("/webhooks/whatsapp",
				Map.of(WebhookSignature.HEADER, META.sign(body), "Content-Type", "application/json"), body);
		assertThat(response.statusCode()).isEqualTo(200);
	}

	private String reply(String from, String wamid, String text) {
		return "{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
				+ "\"display_phone_number\":\"15550001111\",\"phone_number_id\":\"" + this.user.phoneNumberId() + "\"},"
				+ "\"messages\":[{\"from\":\"" + from + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"1763900000\","
				+ "\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}]}}";
	}

}
