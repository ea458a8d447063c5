package com.wacampaigns.simulator;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.wacampaigns.common.graph.WebhookSignature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SimulatorLimitsTests {

	private static final String NUMBER = "106540352242922";

	private static final String TOKEN = "waba-token";

	private static final String WABA = "102290129340398";

	/** Two numbers without an account, in one portfolio of their own. */
	private static final String FIRST_SHARED = "106540352240001";

	private static final String SECOND_SHARED = "106540352240002";

	private static final String SHARED_TOKEN = "shared-token";

	private static final String SHARED_PORTFOLIO = "2000000000000002";

	private static final Duration TIER_WINDOW = Duration.ofSeconds(4);

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

	private HttpServer receiver;

	private WhatsAppSimulator simulator;

	@BeforeEach
	void startReceiver() throws Exception {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/webhooks", (exchange) -> {
			this.deliveries.add(new Delivery(exchange.getRequestBody().readAllBytes(),
					exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER)));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	@AfterEach
	void stop() {
		if (this.simulator != null) {
			this.simulator.close();
		}
		this.receiver.stop(0);
	}

	@Test
	void shouldAnswerANumbersLimitsAndItsAccountsPortfolio() throws Exception {
		start(SimulatorSettings.Limits.DEFAULTS.withDefaultTier(MessagingTier.TIER_2K));

		JsonNode number = this.json.readTree(get("/v23.0/" + NUMBER, TOKEN).body());
		JsonNode limitOnly = this.json
			.readTree(get("/v23.0/" + NUMBER + "?fields=whatsapp_business_manager_messaging_limit", TOKEN).body());
		JsonNode account = this.json.readTree(get("/v23.0/" + WABA + "?fields=owner_business_info", TOKEN).body());
		HttpResponse<String> otherToken = get("/v23.0/" + WABA + "?fields=owner_business_info", SHARED_TOKEN);

		assertThat(number.get("id").asString()).isEqualTo(NUMBER);
		assertThat(number.get("display_phone_number").asString()).isEqualTo("+15550100100");
		assertThat(number.get("verified_name").asString()).isNotBlank();
		assertThat(number.get("quality_rating").asString()).isEqualTo("GREEN");
		assertThat(number.get("whatsapp_business_manager_messaging_limit").asString()).isEqualTo("TIER_2K");
		assertThat(number.at("/throughput/level").asString()).isEqualTo("STANDARD");
		assertThat(limitOnly.propertyNames()).containsExactlyInAnyOrder("whatsapp_business_manager_messaging_limit",
				"id");
		assertThat(account.at("/owner_business_info/id").asString()).isEqualTo("portfolio-" + WABA);
		assertThat(account.at("/owner_business_info/name").asString()).isNotBlank();
		assertThat(account.get("id").asString()).isEqualTo(WABA);
		assertThat(otherToken.statusCode()).isEqualTo(401);
		assertThat(this.json.readTree(otherToken.body()).at("/error/code").asInt()).isEqualTo(190);
		assertThat(this.simulator.limits(FIRST_SHARED)).contains(new NumberLimits(SHARED_PORTFOLIO,
				MessagingTier.TIER_2K, QualityRating.GREEN, ThroughputLevel.STANDARD));
	}

	@Test
	void shouldRefuseSendsAboveTheNumbersThroughputWith130429UntilItIsUpgraded() throws Exception {
		start(SimulatorSettings.Limits.DEFAULTS.withEnforceThroughput(true).withStandardMps(5).withHighMps(50));

		List<HttpResponse<String>> burst = sendAtOnce(20, 0);
		List<Ledger.Entry> acceptedAtStandard = this.simulator.ledger().entries();
		putLimits(FIRST_SHARED, "{\"throughput_level\":\"HIGH\"}");
		List<HttpResponse<String>> upgraded = sendAtOnce(20, 100);

		List<HttpResponse<String>> refused = burst.stream().filter((response) -> response.statusCode() != 200).toList();
		assertThat(acceptedAtStandard).hasSize(burst.size() - refused.size()).hasSizeBetween(1, 5);
		assertNoSecondHoldsMoreThan(5, acceptedAtStandard);
		assertThat(refused).allSatisfy((response) -> {
			assertThat(response.statusCode()).isEqualTo(400);
			JsonNode error = this.json.readTree(response.body()).get("error");
			assertThat(error.get("code").asInt()).isEqualTo(130429);
			assertThat(error.get("message").asString()).isEqualTo("(#130429) Rate limit hit");
			assertThat(error.get("type").asString()).isEqualTo("OAuthException");
			assertThat(error.at("/error_data/details").asString())
				.isEqualTo("Cloud API message throughput has been reached.");
			assertThat(error.get("fbtrace_id").asString()).isNotBlank();
		});
		assertThat(upgraded).allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(200));
		assertThat(this.simulator.ledger().summary().accepted()).isEqualTo(acceptedAtStandard.size() + 20);
	}

	@Test
	void shouldCountNewRecipientsBeyondThePortfoliosTierAndForgetThemAfterTheWindow() throws Exception {
		start(SimulatorSettings.Limits.DEFAULTS.withTierWindow(TIER_WINDOW));
		putLimits(FIRST_SHARED, "{\"tier\":\"TIER_250\"}");

		long started = System.nanoTime();
		for (int i = 0; i < 200; i++) {
			assertThat(send(FIRST_SHARED, SHARED_TOKEN, recipient(i)).statusCode()).isEqualTo(200);
		}
		for (int i = 200; i < 250; i++) {
			assertThat(send(SECOND_SHARED, SHARED_TOKEN, recipient(i)).statusCode()).isEqualTo(200);
		}
		long withinTier = this.simulator.ledger().summary().tierViolations();
		HttpResponse<String> beyondTier = send(SECOND_SHARED, SHARED_TOKEN, recipient(250));
		HttpResponse<String> again = send(FIRST_SHARED, SHARED_TOKEN, recipient(0));
		long sent = System.nanoTime() - started;
		JsonNode summary = this.json.readTree(get("/_sim/ledger/summary", null).body());

		assertThat(Duration.ofNanos(sent)).as("all sends fell in one window").isLessThan(TIER_WINDOW);
		assertThat(withinTier).isZero();
		assertThat(beyondTier.statusCode()).as("Meta takes it all the same").isEqualTo(200);
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(summary.get("tier_violations").asInt()).isEqualTo(1);
		assertThat(this.simulator.ledger().peakUniqueRecipients()).containsEntry(SHARED_PORTFOLIO, 251);

		long lastSend = System.nanoTime();
		await().atMost(TIER_WINDOW.multipliedBy(3)).until(() -> System.nanoTime() - lastSend > TIER_WINDOW.toNanos());
		assertThat(send(FIRST_SHARED, SHARED_TOKEN, recipient(251)).statusCode()).isEqualTo(200);
		assertThat(send(FIRST_SHARED, SHARED_TOKEN, recipient(0)).statusCode()).isEqualTo(200);

		assertThat(this.simulator.ledger().summary().tierViolations()).as("the window forgot the others").isEqualTo(1);
	}

	@Test
	void shouldPostSignedWebhooksWhenANumbersLimitsChange() throws Exception {
		start(SimulatorSettings.Limits.DEFAULTS.withDefaultTier(MessagingTier.TIER_2K));

		putLimits(NUMBER, "{\"quality_rating\":\"yellow\"}");
		putLimits(NUMBER, "{\"quality_rating\":\"RED\"}");
		putLimits(NUMBER, "{\"quality_rating\":\"GREEN\"}");
		putLimits(NUMBER, "{\"throughput_level\":\"HIGH\"}");
		putLimits(NUMBER, "{\"tier\":\"TIER_10K\"}");
		HttpResponse<String> unknownTier = put("/_sim/numbers/" + NUMBER + "/limits", "{\"tier\":\"TIER_5\"}");
		HttpResponse<String> unknownNumber = put("/_sim/numbers/999/limits", "{\"tier\":\"TIER_250\"}");

		await().atMost(Duration.ofSeconds(10))
			.until(() -> changes("phone_number_quality_update").size() == 3
					&& changes("business_capability_update").size() == 1);
		assertThat(changes("phone_number_quality_update")).extracting((value) -> value.get("event").asString())
			.containsExactlyInAnyOrder("FLAGGED", "UNFLAGGED", "THROUGHPUT_UPGRADE");
		assertThat(changes("phone_number_quality_update")).allSatisfy((value) -> {
			assertThat(value.get("display_phone_number").asString()).isEqualTo("15550100100");
			assertThat(value.get("max_daily_conversations_per_business").asString()).startsWith("TIER_");
		});
		assertThat(changes("phone_number_quality_update"))
			.filteredOn((value) -> value.get("event").asString().endsWith("FLAGGED"))
			.extracting((value) -> value.get("max_daily_conversations_per_business").asString())
			.containsOnly("TIER_2K");
		JsonNode capability = changes("business_capability_update").get(0);
		assertThat(capability.get("max_daily_conversations_per_business").asInt()).isEqualTo(10_000);
		assertThat(entries()).allSatisfy((entry) -> assertThat(entry.get("id").asString()).isEqualTo(WABA));
		WebhookSignature signature = new WebhookSignature("app-secret");
		assertThat(this.deliveries)
			.allSatisfy((delivery) -> assertThat(signature.isValid(delivery.body(), delivery.signature())).isTrue());
		JsonNode number = this.json.readTree(get("/v23.0/" + NUMBER, TOKEN).body());
		assertThat(number.get("quality_rating").asString()).isEqualTo("GREEN");
		assertThat(number.at("/throughput/level").asString()).isEqualTo("HIGH");
		assertThat(number.get("whatsapp_business_manager_messaging_limit").asString()).isEqualTo("TIER_10K");
		assertThat(unknownTier.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(unknownTier.body()).at("/error/error_data/details").asString())
			.contains("tier must be");
		assertThat(unknownNumber.statusCode()).isEqualTo(404);
	}

	private void start(SimulatorSettings.Limits limits) throws Exception {
		this.simulator = WhatsAppSimulator.start(SimulatorSettings.defaults("app-secret")
			.withWebhookUrl(URI.create("http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/webhooks"))
			.withLimits(limits));
		register("{\"phone_number_id\":\"" + NUMBER + "\",\"display_phone_number\":\"+15550100100\","
				+ "\"access_token\":\"" + TOKEN + "\",\"waba_id\":\"" + WABA + "\"}");
		for (String shared : List.of(FIRST_SHARED, SECOND_SHARED)) {
			register("{\"phone_number_id\":\"" + shared + "\",\"display_phone_number\":\"+1" + shared.substring(5)
					+ "\",\"access_token\":\"" + SHARED_TOKEN + "\",\"business_id\":\"" + SHARED_PORTFOLIO + "\"}");
		}
	}

	private void register(String number) throws Exception {
		HttpResponse<String> registered = this.http
			.send(HttpRequest.newBuilder(this.simulator.baseUrl().resolve("/_sim/numbers"))
				.POST(HttpRequest.BodyPublishers.ofString(number))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(registered.statusCode()).isEqualTo(204);
	}

	/** Sends from the first shared number to this many recipients, all at once. */
	private List<HttpResponse<String>> sendAtOnce(int count, int firstRecipient) {
		List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			answers.add(this.http.sendAsync(sendRequest(FIRST_SHARED, SHARED_TOKEN, recipient(firstRecipient + i)),
					HttpResponse.BodyHandlers.ofString()));
		}
		return answers.stream().map(CompletableFuture::join).toList();
	}

	private static String recipient(int i) {
		return "+91981230" + String.format("%04d", i);
	}

	/** Whatever second one looks at, it holds at most this many accepted sends. */
	private static void assertNoSecondHoldsMoreThan(int perSecond, List<Ledger.Entry> entries) {
		List<Ledger.Entry> byTime = entries.stream()
			.sorted((first, second) -> first.at().compareTo(second.at()))
			.toList();
		for (int i = 0; i + perSecond < byTime.size(); i++) {
			assertThat(Duration.between(byTime.get(i).at(), byTime.get(i + perSecond).at()))
				.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		}
	}

	private HttpResponse<String> send(String number, String token, String to) throws Exception {
		return this.http.send(sendRequest(number, token, to), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest sendRequest(String number, String token, String to) {
		String body = "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"" + to
				+ "\",\"type\":\"template\",\"template\":{\"name\":\"order_update\",\"language\":{\"code\":\"en_US\"},"
				+ "\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ana\"}]}]}}";
		return HttpRequest.newBuilder(this.simulator.baseUrl().resolve("/v23.0/" + number + "/messages"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.simulator.baseUrl().resolve(path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> put(String path, String json) throws Exception {
		return this.http.send(HttpRequest.newBuilder(this.simulator.baseUrl().resolve(path))
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private void putLimits(String number, String json) throws Exception {
		assertThat(put("/_sim/numbers/" + number + "/limits", json).statusCode()).isEqualTo(204);
	}

	/** The values of every webhook change on that field, in the order they came. */
	private List<JsonNode> changes(String field) {
		return entries().stream()
			.flatMap((entry) -> entry.get("changes").valueStream())
			.filter((change) -> change.get("field").asString().equals(field))
			.map((change) -> change.get("value"))
			.toList();
	}

	private List<JsonNode> entries() {
		return this.deliveries.stream()
			.flatMap((delivery) -> this.json.readTree(delivery.body()).get("entry").valueStream())
			.toList();
	}

	private record Delivery(byte[] body, String signature) {

	}

}
