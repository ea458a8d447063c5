package com.wacampaigns.simulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.wacampaigns.common.graph.CallbackData;
import com.wacampaigns.common.graph.WebhookSignature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class WhatsAppSimulatorTests {

	private static final String NUMBER = "106540352242922";

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

	private final List<String> signatures = new CopyOnWriteArrayList<>();

	private HttpServer receiver;

	private WhatsAppSimulator simulator;

	@BeforeEach
	void start() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/webhooks", (exchange) -> {
			this.bodies.add(exchange.getRequestBody().readAllBytes());
			this.signatures.add(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.receiver.start();
		this.simulator = WhatsAppSimulator.start(SimulatorSettings.defaults("app-secret")
			.withWebhookUrl(URI.create("http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/webhooks")));
		this.simulator.registerNumber(NUMBER, "+15550100100", "good-token");
	}

	@AfterEach
	void stop() {
		this.simulator.close();
		this.receiver.stop(0);
	}

	@Test
	void shouldAcceptATemplateMessageAndPostSignedSentDeliveredReadWebhooks() throws Exception {
		CallbackData callback = new CallbackData(UUID.randomUUID(), UUID.randomUUID());
		HttpResponse<String> response = send("good-token", message("+919812345678", callback.encode()));

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = this.json.readTree(response.body());
		String wamid = body.at("/messages/0/id").asString();
		assertThat(wamid).startsWith("wamid.");
		assertThat(body.at("/contacts/0/wa_id").asString()).isEqualTo("919812345678");

		assertSentDeliveredRead(wamid, callback);
		WebhookSignature signature = new WebhookSignature("app-secret");
		for (int i = 0; i < this.bodies.size(); i++) {
			assertThat(signature.isValid(this.bodies.get(i), this.signatures.get(i))).isTrue();
		}
	}

	@Test
	void shouldBatchSeveralStatusesInOnePost() throws Exception {
		for (int i = 0; i < 20; i++) {
			send("good-token", message("+9198123400" + String.format("%02d", i), null));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> statuses().size() == 60);
		assertThat(this.bodies.size()).isLessThan(60);
	}

	@Test
	void shouldCountASecondSendToTheSamePersonOfTheSameCampaignAsADuplicate() throws Exception {
		UUID campaign = UUID.randomUUID();
		send("good-token", message("+919812345678", new CallbackData(campaign, UUID.randomUUID()).encode()));
		send("good-token", message("+919812345678", new CallbackData(campaign, UUID.randomUUID()).encode()));
		send("good-token", message("+919812345679", new CallbackData(campaign, UUID.randomUUID()).encode()));
		send("good-token", message("+919812345678", new CallbackData(UUID.randomUUID(), UUID.randomUUID()).encode()));

		assertThat(this.simulator.ledger().summary()).isEqualTo(new Ledger.Summary(4, 3, 1));
		HttpResponse<String> summary = this.http.send(
				HttpRequest.newBuilder(this.simulator.baseUrl().resolve("/_sim/ledger/summary")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(this.json.readTree(summary.body()).get("distinct_recipients").asInt()).isEqualTo(3);
	}

	@Test
	void shouldRefuseABadTokenWithGraphCode190AndAcceptNothing() throws Exception {
		HttpResponse<String> response = send("expired-token", message("+919812345678", null));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(this.json.readTree(response.body()).at("/error/code").asInt()).isEqualTo(190);
		assertThat(this.simulator.ledger().summary().accepted()).isZero();
	}

	@Test
	void shouldRefuseAMalformedTemplateWithGraphCode100() throws Exception {
		HttpResponse<String> response = send("good-token",
				"{\"messaging_product\":\"whatsapp\",\"to\":\"+919812345678\",\"type\":\"template\",\"template\":{\"name\":\"x\"}}");
		HttpResponse<String> notJson = send("good-token", "{not json");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(response.body()).at("/error/code").asInt()).isEqualTo(100);
		assertThat(this.json.readTree(response.body()).at("/error/error_data/details").asString()).contains("language");
		assertThat(notJson.statusCode()).isEqualTo(400);
		assertThat(this.simulator.ledger().summary().accepted()).isZero();
	}

	@Test
	void shouldMakeTheTroubleItIsToldToThroughItsControlEndpoint() throws Exception {
		URI faults = this.simulator.baseUrl().resolve("/_sim/faults");
		put(faults, "{\"throttle_share\": 1.0}");
		HttpResponse<String> throttled = send("good-token", message("+919812345678", null));
		put(faults, "{\"outage\": true}");
		HttpResponse<String> outage = send("good-token", message("+919812345678", null));
		put(faults, "{\"token_expired\": true}");
		HttpResponse<String> expired = send("good-token", message("+919812345678", null));
		put(faults, "{\"undeliverable_share\": 1.0}");
		HttpResponse<String> undeliverable = send("good-token", message("+919812345678", null));
		put(faults, "{\"throughput_per_second\": 2}");
		List<Integer> burst = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			burst.add(send("good-token", message("+9198123456" + (70 + i), null)).statusCode());
		}
		this.http.send(HttpRequest.newBuilder(faults).DELETE().build(), HttpResponse.BodyHandlers.discarding());
		HttpResponse<String> calm = send("good-token", message("+919812345600", null));

		assertThat(this.json.readTree(throttled.body()).at("/error/code").asInt()).isEqualTo(130429);
		assertThat(outage.statusCode()).isEqualTo(503);
		assertThat(this.json.readTree(expired.body()).at("/error/code").asInt()).isEqualTo(190);
		assertThat(this.json.readTree(undeliverable.body()).at("/error/code").asInt()).isEqualTo(131026);
		assertThat(burst).filteredOn((status) -> status == 400).hasSizeGreaterThanOrEqualTo(2);
		assertThat(calm.statusCode()).isEqualTo(200);
	}

	@Test
	void shouldReportAnAsynchronousFailureInAWebhook() throws Exception {
		this.simulator.faults(Faults.NONE.withUndeliverable(1.0, true));

		assertThat(send("good-token", message("+919812345678", null)).statusCode()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(10)).until(() -> statuses().size() == 2);
		assertThat(statuses()).extracting((status) -> status.get("status").asString())
			.containsExactly("sent", "failed");
		assertThat(statuses().get(1).at("/errors/0/code").asInt()).isEqualTo(131026);
	}

	@Test
	void shouldAcceptASendItAnswersWithGraphCode131000AndPostItsStatuses() throws Exception {
		put(this.simulator.baseUrl().resolve("/_sim/faults"), "{\"accepted_then_error_share\": 1.0}");
		CallbackData callback = new CallbackData(UUID.randomUUID(), UUID.randomUUID());

		HttpResponse<String> response = send("good-token", message("+919812345678", callback.encode()));

		assertThat(response.statusCode()).isEqualTo(500);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.at("/error/code").asInt()).isEqualTo(131000);
		assertThat(body.at("/error/fbtrace_id").asString()).isNotBlank();
		assertThat(this.simulator.ledger().summary()).isEqualTo(new Ledger.Summary(1, 1, 0, 1));
		HttpResponse<String> summary = this.http.send(
				HttpRequest.newBuilder(this.simulator.baseUrl().resolve("/_sim/ledger/summary")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(this.json.readTree(summary.body()).get("ambiguous_answers").asInt()).isEqualTo(1);
		String wamid = this.simulator.ledger().entries().get(0).wamid();
		assertSentDeliveredRead(wamid, callback);
		assertThat(scrape()).containsPattern("simulator_messages_total\\{[^}]*status=\"500\"[^}]*\\} 1\\.0")
			.containsPattern("simulator_ambiguous_answers_total\\{[^}]*fault=\"accepted_then_error\"[^}]*\\} 1\\.0");
	}

	@Test
	void shouldAcceptASendItAnswersWithAGatewayPageThatIsNotJson() throws Exception {
		put(this.simulator.baseUrl().resolve("/_sim/faults"),
				"{\"accepted_then_error_share\": 1.0, \"accepted_then_error_status\": 504}");

		HttpResponse<String> response = send("good-token", message("+919812345678", null));

		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
		assertThat(response.body()).isNotBlank();
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> this.json.readTree(response.body()));
		assertThat(this.simulator.ledger().summary().accepted()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> statuses().stream().anyMatch((status) -> status.get("status").asString().equals("sent")));
	}

	@Test
	void shouldRefuseAnAmbiguousErrorStatusOtherThan500To504() throws Exception {
		HttpRequest tooMany = HttpRequest.newBuilder(this.simulator.baseUrl().resolve("/_sim/faults"))
			.PUT(HttpRequest.BodyPublishers.ofString("{\"accepted_then_error_status\": 429}"))
			.build();

		HttpResponse<String> refused = this.http.send(tooMany, HttpResponse.BodyHandlers.ofString());

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(refused.body()).at("/error/error_data/details").asString())
			.contains("accepted_then_error_status");
		assertThat(send("good-token", message("+919812345678", null)).statusCode()).isEqualTo(200);
	}

	@Test
	void shouldAcceptASendWhoseAnswerItHoldsBackLongerThanTheCallerWaits() throws Exception {
		put(this.simulator.baseUrl().resolve("/_sim/faults"), "{\"accepted_then_hang_share\": 1.0, \"hang_ms\": 1500}");
		CallbackData impatient = new CallbackData(UUID.randomUUID(), UUID.randomUUID());
		CallbackData patient = new CallbackData(UUID.randomUUID(), UUID.randomUUID());
		CompletableFuture<HttpResponse<String>> patientAnswer = this.http.sendAsync(
				sendRequest("good-token", message("+919812345679", patient.encode())).build(),
				HttpResponse.BodyHandlers.ofString());
		HttpRequest impatientSend = sendRequest("good-token", message("+919812345678", impatient.encode()))
			.timeout(Duration.ofMillis(500))
			.build();

		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> this.http.send(impatientSend, HttpResponse.BodyHandlers.ofString()));

		// Both answers are still held back, yet other requests are answered at once.
		HttpRequest summary = HttpRequest.newBuilder(this.simulator.baseUrl().resolve("/_sim/ledger/summary"))
			.timeout(Duration.ofMillis(500))
			.build();
		assertThat(this.http.send(summary, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.simulator.ledger().summary().equals(new Ledger.Summary(2, 2, 0, 2)));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> statuses().stream()
				.anyMatch((status) -> status.get("status").asString().equals("sent")
						&& status.get("biz_opaque_callback_data").asString().equals(impatient.encode())));
		HttpResponse<String> late = patientAnswer.get(10, TimeUnit.SECONDS);
		assertThat(late.statusCode()).isEqualTo(200);
		assertThat(this.simulator.ledger().entries()).extracting(Ledger.Entry::wamid)
			.contains(this.json.readTree(late.body()).at("/messages/0/id").asString());
	}

	private void put(URI uri, String json) throws Exception {
		assertThat(this.http
			.send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode()).isEqualTo(204);
	}

	private HttpResponse<String> send(String token, String body) throws Exception {
		return this.http.send(sendRequest(token, body).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder sendRequest(String token, String body) {
		return HttpRequest.newBuilder(this.simulator.baseUrl().resolve("/v23.0/" + NUMBER + "/messages"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	private String scrape() throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(this.simulator.baseUrl().resolve("/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private static String message(String to, String callback) {
		return "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"" + to
				+ "\",\"type\":\"template\",\"template\":{\"name\":\"order_update\",\"language\":{\"code\":\"en_US\"},"
				+ "\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ana\"}]}]}"
				+ ((callback != null) ? ",\"biz_opaque_callback_data\":\"" + callback + "\"" : "") + "}";
	}

	/**
	 * The three webhooks of a delivered and read message, with our callback data. Like
	 * Meta's, they may arrive in any order (each is its own POST, posted concurrently);
	 * their timestamps say the order of the events.
	 */
	private void assertSentDeliveredRead(String wamid, CallbackData callback) {
		await().atMost(Duration.ofSeconds(10)).until(() -> statuses().size() == 3);
		assertThat(statuses().stream()
			.sorted(Comparator.comparingLong((JsonNode status) -> Long.parseLong(status.get("timestamp").asString()))
				.thenComparingInt(
						(status) -> List.of("sent", "delivered", "read").indexOf(status.get("status").asString())))
			.map((status) -> status.get("status").asString())).containsExactly("sent", "delivered", "read");
		assertThat(statuses()).allSatisfy((status) -> {
			assertThat(status.get("id").asString()).isEqualTo(wamid);
			assertThat(status.get("biz_opaque_callback_data").asString()).isEqualTo(callback.encode());
		});
	}

	private List<JsonNode> statuses() {
		return this.bodies.stream()
			.flatMap((body) -> this.json.readTree(body).at("/entry/0/changes/0/value/statuses").valueStream())
			.toList();
	}

}
