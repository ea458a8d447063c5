package com.wacampaigns.simulator;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.wacampaigns.common.graph.MessageTemplate;
import com.wacampaigns.common.graph.SendMessageRequest;
import com.wacampaigns.common.graph.WebhookSignature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SimulatorTemplatesTests {

	private static final String NUMBER = "106540352242922";

	private static final String WABA = "102290129340398";

	private static final String TOKEN = "waba-token";

	/** A number without an account, whose sends no template checks. */
	private static final String PLAIN_NUMBER = "106540352240000";

	private static final String PLAIN_TOKEN = "plain-token";

	private static final String STATUS_FIELD = "message_template_status_update";

	private static final String SUMMER_HEADER = """
			{"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example.com/sale.jpg"}}]}""";

	private static final String SUMMER_BODY = """
			{"type":"body","parameters":[{"type":"text","parameter_name":"first_name","text":"Ana"},\
			{"type":"text","parameter_name":"discount","text":"30%"}]}""";

	private static final String SUMMER_URL_BUTTON = """
			{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"summer25"}]}""";

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

	private HttpServer receiver;

	private WhatsAppSimulator simulator;

	@BeforeEach
	void start() throws Exception {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/webhooks", (exchange) -> {
			this.deliveries.add(new Delivery(exchange.getRequestBody().readAllBytes(),
					exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER)));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.receiver.start();
		startSimulator(Duration.ofMillis(200));
	}

	private void startSimulator(Duration templateReviewAfter) throws Exception {
		this.simulator = WhatsAppSimulator.start(SimulatorSettings.defaults("app-secret")
			.withWebhookUrl(URI.create("http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/webhooks"))
			.withTemplateReviewAfter(templateReviewAfter));
		HttpResponse<String> registered = this.http
			.send(HttpRequest.newBuilder(this.simulator.baseUrl().resolve("/_sim/numbers"))
				.POST(HttpRequest.BodyPublishers.ofString("{\"phone_number_id\":\"" + NUMBER
						+ "\",\"display_phone_number\":\"+15550100100\",\"access_token\":\"" + TOKEN
						+ "\",\"waba_id\":\"" + WABA + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(registered.statusCode()).isEqualTo(204);
		this.simulator.registerNumber(PLAIN_NUMBER, "+15550100101", PLAIN_TOKEN);
	}

	@AfterEach
	void stop() {
		this.simulator.close();
		this.receiver.stop(0);
	}

	@Test
	void shouldListEverySeededTemplateOnePageAtATimeFollowingNext() throws Exception {
		List<String> seen = new ArrayList<>();
		List<JsonNode> templates = new ArrayList<>();
		URI page = templatesUri("?limit=1");
		while (page != null) {
			HttpResponse<String> response = get(page, TOKEN);
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode body = this.json.readTree(response.body());
			assertThat(body.get("data").size()).isEqualTo(1);
			assertThat(body.at("/paging/cursors/after").asString()).isNotBlank();
			JsonNode template = body.at("/data/0");
			templates.add(template);
			seen.add(template.get("name").asString() + "/" + template.get("language").asString());
			JsonNode next = body.at("/paging/next");
			page = next.isMissingNode() ? null : URI.create(next.asString());
		}

		assertThat(seen).containsExactly("order_update/en_US", "summer_sale/en_US", "order_shipped/en_US",
				"feedback_request/en_US", "new_arrivals/en_US");
		assertThat(templates).allSatisfy((template) -> {
			assertThat(template.get("id").asString()).containsOnlyDigits();
			assertThat(template.get("status").asString()).isEqualTo("APPROVED");
			assertThat(template.at("/quality_score/score").asString()).isEqualTo("GREEN");
		});
		JsonNode summerSale = templates.get(1);
		assertThat(summerSale.get("parameter_format").asString()).isEqualTo("NAMED");
		assertThat(summerSale.at("/components/0/format").asString()).isEqualTo("IMAGE");
		assertThat(summerSale.at("/components/1/example/body_text_named_params/1/param_name").asString())
			.isEqualTo("discount");
		assertThat(summerSale.at("/components/3/buttons/0/url").asString())
			.isEqualTo("https://shop.example.com/sale/{{1}}");
		assertThat(templates.get(2).at("/components/0/format").asString()).isEqualTo("DOCUMENT");
	}

	@Test
	void shouldAnswerOnlyTheFieldsAskedForAndLinkBackToThePreviousPage() throws Exception {
		JsonNode first = this.json.readTree(get(templatesUri("?limit=2&fields=name,status"), TOKEN).body());
		JsonNode second = this.json.readTree(get(URI.create(first.at("/paging/next").asString()), TOKEN).body());

		assertThat(first.get("data").valueStream()).allSatisfy(
				(template) -> assertThat(template.propertyNames()).containsExactlyInAnyOrder("id", "name", "status"));
		assertThat(first.at("/paging/previous").isMissingNode()).isTrue();
		assertThat(second.at("/data/0/name").asString()).isEqualTo("order_shipped");
		JsonNode back = this.json.readTree(get(URI.create(second.at("/paging/previous").asString()), TOKEN).body());
		assertThat(back.get("data")).isEqualTo(first.get("data"));
	}

	@Test
	void shouldRefuseATokenOfAnotherAccountAndAnInvalidCursor() throws Exception {
		HttpResponse<String> otherToken = get(templatesUri(""), PLAIN_TOKEN);
		HttpResponse<String> badCursor = get(templatesUri("?after=not-a-cursor"), TOKEN);

		assertThat(otherToken.statusCode()).isEqualTo(401);
		assertThat(code(otherToken)).isEqualTo(190);
		assertThat(badCursor.statusCode()).isEqualTo(400);
		assertThat(code(badCursor)).isEqualTo(131059);
	}

	@Test
	void shouldCreateATemplatePendingAndApproveItWithASignedWebhook() throws Exception {
		HttpResponse<String> created = post(templatesUri(""), TOKEN, """
				{"name":"welcome_back","language":"en_US","category":"marketing","parameter_format":"named",
				"components":[{"type":"body","text":"Welcome back {{first_name}}!",
				"example":{"body_text_named_params":[{"param_name":"first_name","example":"Ana"}]}}]}""");

		assertThat(created.statusCode()).isEqualTo(200);
		JsonNode answer = this.json.readTree(created.body());
		String id = answer.get("id").asString();
		assertThat(answer.get("status").asString()).isEqualTo("PENDING");
		assertThat(answer.get("category").asString()).isEqualTo("MARKETING");
		await().atMost(Duration.ofSeconds(10)).until(() -> !statusEvents("welcome_back").isEmpty());
		JsonNode approved = statusEvents("welcome_back").get(0);
		assertThat(approved.get("event").asString()).isEqualTo("APPROVED");
		assertThat(approved.get("message_template_id").asLong()).isEqualTo(Long.parseLong(id));
		assertThat(approved.get("message_template_language").asString()).isEqualTo("en-US");
		assertThat(approved.get("message_template_category").asString()).isEqualTo("MARKETING");
		assertThat(entryIdsOf(STATUS_FIELD)).containsOnly(WABA);
		assertSigned();
		JsonNode listed = this.json.readTree(get(templatesUri("?name=welcome_back"), TOKEN).body());
		assertThat(listed.at("/data/0/status").asString()).isEqualTo("APPROVED");
		assertThat(send(NUMBER, TOKEN, template("welcome_back", "en_US", """
				{"type":"body","parameters":[{"type":"text","parameter_name":"first_name","text":"Ana"}]}"""))
			.statusCode()).isEqualTo(200);
	}

	@Test
	void shouldLeaveATemplatePendingUntilTheControlApiApprovesIt() throws Exception {
		this.simulator.close();
		startSimulator(null);
		post(templatesUri(""), TOKEN, """
				{"name":"back_in_stock","language":"en_US","category":"MARKETING",
				"components":[{"type":"BODY","text":"{{1}} is back in stock.",
				"example":{"body_text":[["The red bag"]]}}]}""");
		String backInStock = template("back_in_stock", "en_US",
				"{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"The red bag\"}]}");

		HttpResponse<String> whilePending = send(NUMBER, TOKEN, backInStock);
		JsonNode listed = this.json.readTree(get(templatesUri("?name=back_in_stock"), TOKEN).body());
		put("/_sim/templates/back_in_stock/status", "{\"status\":\"approved\",\"waba_id\":\"" + WABA + "\"}");

		assertThat(listed.at("/data/0/status").asString()).isEqualTo("PENDING");
		assertThat(code(whilePending)).isEqualTo(132001);
		await().atMost(Duration.ofSeconds(10)).until(() -> !statusEvents("back_in_stock").isEmpty());
		assertThat(statusEvents("back_in_stock").get(0).get("event").asString()).isEqualTo("APPROVED");
		assertThat(send(NUMBER, TOKEN, backInStock).statusCode()).isEqualTo(200);
	}

	@Test
	void shouldRejectATemplateWhoseNameAsksForIt() throws Exception {
		post(templatesUri(""), TOKEN, """
				{"name":"promo_reject_me","language":"en_US","category":"MARKETING",
				"components":[{"type":"BODY","text":"Everything must go."}]}""");

		await().atMost(Duration.ofSeconds(10)).until(() -> !statusEvents("promo_reject_me").isEmpty());
		JsonNode rejected = statusEvents("promo_reject_me").get(0);
		assertThat(rejected.get("event").asString()).isEqualTo("REJECTED");
		assertThat(rejected.get("reason").asString()).isEqualTo("INVALID_FORMAT");
		JsonNode listed = this.json.readTree(get(templatesUri("?name=promo_reject_me"), TOKEN).body());
		assertThat(listed.at("/data/0/status").asString()).isEqualTo("REJECTED");
		assertThat(listed.at("/data/0/rejected_reason").asString()).isEqualTo("INVALID_FORMAT");
	}

	@Test
	void shouldRefuseATemplateMetaWouldNotCreate() throws Exception {
		HttpResponse<String> duplicate = post(templatesUri(""), TOKEN, """
				{"name":"summer_sale","language":"en_US","category":"MARKETING",
				"components":[{"type":"BODY","text":"Another sale."}]}""");
		HttpResponse<String> upperCaseName = post(templatesUri(""), TOKEN, """
				{"name":"Summer_Sale_2","language":"en_US","category":"MARKETING",
				"components":[{"type":"BODY","text":"Another sale."}]}""");
		HttpResponse<String> bodyTooLong = post(templatesUri(""), TOKEN,
				"{\"name\":\"long_one\",\"language\":\"en_US\",\"category\":\"UTILITY\","
						+ "\"components\":[{\"type\":\"BODY\",\"text\":\"" + "x".repeat(1025) + "\"}]}");
		HttpResponse<String> noExample = post(templatesUri(""), TOKEN, """
				{"name":"no_example","language":"en_US","category":"UTILITY",
				"components":[{"type":"BODY","text":"Hello {{1}}"}]}""");
		HttpResponse<String> noBody = post(templatesUri(""), TOKEN, """
				{"name":"no_body","language":"en_US","category":"UTILITY",
				"components":[{"type":"FOOTER","text":"Bye"}]}""");

		assertThat(List.of(duplicate, upperCaseName, bodyTooLong, noExample, noBody)).allSatisfy((response) -> {
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(code(response)).isEqualTo(100);
		});
		assertThat(this.json.readTree(duplicate.body()).at("/error/error_subcode").asInt()).isEqualTo(2388024);
		assertThat(details(bodyTooLong)).contains("1024");
		assertThat(details(noExample)).contains("body_text");
		assertThat(this.simulator.templates(WABA)).as("the five seeded ones").hasSize(5);
	}

	@Test
	void shouldDeleteOneLanguageByIdOrEveryLanguageByName() throws Exception {
		HttpResponse<String> created = post(templatesUri(""), TOKEN, """
				{"name":"order_update","language":"es","category":"UTILITY","components":[{"type":"BODY",
				"text":"Hola {{1}}, tu pedido {{2}} va en camino.","example":{"body_text":[["Ana","42"]]}}]}""");
		String spanish = this.json.readTree(created.body()).get("id").asString();
		await().atMost(Duration.ofSeconds(10)).until(() -> !statusEvents("order_update").isEmpty());
		List<String> withSpanish = names();

		HttpResponse<String> oneLanguage = delete(templatesUri("?name=order_update&hsm_id=" + spanish), TOKEN);
		List<String> afterOne = names();
		HttpResponse<String> everyLanguage = delete(templatesUri("?name=order_update"), TOKEN);
		HttpResponse<String> again = delete(templatesUri("?name=order_update"), TOKEN);

		assertThat(withSpanish).contains("order_update/en_US", "order_update/es");
		assertThat(this.json.readTree(oneLanguage.body()).get("success").asBoolean()).isTrue();
		assertThat(afterOne).containsOnlyOnce("order_update/en_US").doesNotContain("order_update/es");
		assertThat(everyLanguage.statusCode()).isEqualTo(200);
		assertThat(names()).noneMatch((name) -> name.startsWith("order_update/"));
		assertThat(code(again)).isEqualTo(100);
		assertThat(code(send(NUMBER, TOKEN, template("order_update", "en_US", orderUpdateBody("Ana", "42")))))
			.isEqualTo(132001);
		await().atMost(Duration.ofSeconds(10)).until(() -> statusEvents("order_update").size() == 3);
		assertThat(statusEvents("order_update")).extracting((event) -> event.get("event").asString())
			.containsExactlyInAnyOrder("APPROVED", "PENDING_DELETION", "PENDING_DELETION");
	}

	@Test
	void shouldAcceptAnImageHeaderNamedParametersAndButtonsAndRecordTheComponentsSent() throws Exception {
		HttpResponse<String> response = send(NUMBER, TOKEN,
				summerSale(SUMMER_HEADER, SUMMER_BODY, SUMMER_URL_BUTTON,
						"{\"type\":\"button\",\"sub_type\":\"quick_reply\",\"index\":1,"
								+ "\"parameters\":[{\"type\":\"payload\",\"payload\":\"STOP_PROMOTIONS\"}]}"));

		assertThat(response.statusCode()).isEqualTo(200);
		Ledger.Entry entry = this.simulator.ledger().entries().get(0);
		assertThat(entry.template()).isEqualTo("summer_sale");
		assertThat(entry.language()).isEqualTo("en_US");
		assertThat(entry.components()).extracting(SendMessageRequest.Component::type)
			.containsExactly("header", "body", "button", "button");
		assertThat(entry.components().get(0).parameters().get(0).image().link())
			.isEqualTo("https://cdn.example.com/sale.jpg");
		assertThat(entry.components().get(1).parameters()).extracting(SendMessageRequest.Parameter::parameterName)
			.containsExactly("first_name", "discount");
		assertThat(entry.components().get(2).subType()).isEqualTo("url");
		assertThat(entry.components().get(2).parameters().get(0).text()).isEqualTo("summer25");
		assertThat(entry.components().get(3).index()).isEqualTo("1");
		assertThat(entry.components().get(3).parameters().get(0).payload()).isEqualTo("STOP_PROMOTIONS");
		JsonNode ledger = this.json.readTree(get(this.simulator.baseUrl().resolve("/_sim/ledger"), null).body());
		assertThat(ledger.at("/0/components/0/parameters/0/image/link").asString())
			.isEqualTo("https://cdn.example.com/sale.jpg");
		await().atMost(Duration.ofSeconds(10)).until(() -> !entryIdsOf("messages").isEmpty());
		assertThat(entryIdsOf("messages")).containsOnly(WABA);
	}

	@Test
	void shouldAcceptEverySeededShapeWhenItsValuesFit() throws Exception {
		HttpResponse<String> orderUpdate = send(NUMBER, TOKEN,
				template("order_update", "en_US", orderUpdateBody("Ana", "42")));
		HttpResponse<String> orderShipped = send(NUMBER, TOKEN, template("order_shipped", "en_US", """
				{"type":"header","parameters":[{"type":"document",
				"document":{"link":"https://shop.example.com/invoices/1042.pdf","filename":"Invoice 1042.pdf"}}]}""",
				"""
						{"type":"body","parameters":[{"type":"text","text":"ORD-1042"},{"type":"date_time",
						"date_time":{"fallback_value":"Friday 14 March"}}]}"""));
		HttpResponse<String> feedback = send(NUMBER, TOKEN,
				template("feedback_request", "en_US",
						"{\"type\":\"header\",\"parameters\":[{\"type\":\"text\",\"text\":\"ORD-1042\"}]}",
						"{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ana\"}]}",
						"{\"type\":\"button\",\"sub_type\":\"quick_reply\",\"index\":\"0\","
								+ "\"parameters\":[{\"type\":\"payload\",\"payload\":\"GREAT\"}]}"));

		assertThat(List.of(orderUpdate, orderShipped, feedback))
			.allSatisfy((response) -> assertThat(response.statusCode()).as(response.body()).isEqualTo(200));
		assertThat(this.simulator.ledger().entries().get(1).components().get(0).parameters().get(0).document())
			.isEqualTo(new SendMessageRequest.Media(null, "https://shop.example.com/invoices/1042.pdf",
					"Invoice 1042.pdf"));
	}

	@Test
	void shouldRefuseSendsWhoseValuesDoNotFitTheTemplateAsMetaDoes() throws Exception {
		List<Refusal> refusals = List.of(
				new Refusal(template("no_such_template", "en_US"), 132001, "does not exist in en_US"),
				new Refusal(template("summer_sale", "fr", SUMMER_HEADER, SUMMER_BODY, SUMMER_URL_BUTTON), 132001,
						"does not exist in fr"),
				new Refusal(
						template("order_update", "en_US",
								"{\"type\":\"body\",\"parameters\":[{\"type\":\"text\"," + "\"text\":\"Ana\"}]}"),
						132000, "number of localizable_params (1)"),
				new Refusal(summerSale("{\"type\":\"header\",\"parameters\":[{\"type\":\"text\",\"text\":\"Sale\"}]}",
						SUMMER_BODY, SUMMER_URL_BUTTON), 132012, "expected IMAGE, received TEXT"),
				new Refusal(summerSale(SUMMER_BODY, SUMMER_URL_BUTTON), 132012, "expected IMAGE, received UNKNOWN"),
				new Refusal(summerSale(
						"{\"type\":\"header\",\"parameters\":[{\"type\":\"image\","
								+ "\"image\":{\"link\":\"ftp://cdn.example.com/sale.jpg\"}}]}",
						SUMMER_BODY, SUMMER_URL_BUTTON), 132012, "HTTP or HTTPS"),
				new Refusal(summerSale(SUMMER_HEADER, SUMMER_BODY), 131008, "Button at index 0 of type URL"),
				new Refusal(summerSale("{\"type\":\"header\",\"parameters\":[{\"type\":\"image\",\"image\":{}}]}",
						SUMMER_BODY, SUMMER_URL_BUTTON), 131008, "needs a link or an id"),
				new Refusal(summerSale(SUMMER_HEADER,
						"{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"parameter_name\":\"first_name\","
								+ "\"text\":\"Ana\"},{\"type\":\"text\",\"parameter_name\":\"percent\","
								+ "\"text\":\"30%\"}]}",
						SUMMER_URL_BUTTON), 131008, "{{discount}}"));

		assertRefused(refusals);
		assertThat(this.simulator.ledger().summary().accepted()).isZero();
	}

	@Test
	void shouldCheckEveryCardOfACarouselLikeAMessageOfItsOwn() throws Exception {
		String body = "{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ana\"},"
				+ "{\"type\":\"text\",\"text\":\"NEW15\"}]}";
		String threeCards = carousel(card(0, "image"), card(1, "image"), card(2, "image"));
		List<Refusal> refusals = List.of(
				new Refusal(template("new_arrivals", "en_US", body), 131008,
						"the template's 3 cards need their values"),
				new Refusal(template("new_arrivals", "en_US", body, carousel(card(0, "image"), card(1, "image"))),
						132000, "number of cards (2) does not match the template's (3)"),
				new Refusal(
						template("new_arrivals", "en_US", body,
								carousel(card(0, "image"), card(1, "video"), card(2, "image"))),
						132012, "cards[1].header: Format mismatch, expected IMAGE, received VIDEO"),
				new Refusal(template("new_arrivals", "en_US", body,
						carousel(card(0, "image"), card(0, "image"), card(2, "image"))), 100, "card_index 0"),
				new Refusal(
						template("new_arrivals", "en_US", body, carousel(card(0, "image"), card(1, "image"),
								card(2, "image").replace(",{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\"1\","
										+ "\"parameters\":[{\"type\":\"text\",\"text\":\"p2\"}]}", ""))),
						131008, "cards[2].buttons: Button at index 1 of type URL requires a parameter"),
				new Refusal(summerSale(SUMMER_HEADER, SUMMER_BODY, SUMMER_URL_BUTTON, threeCards), 132000,
						"number of cards (3) does not match the template's (0)"));
		assertRefused(refusals);
		assertThat(this.simulator.ledger().summary().accepted()).isZero();

		HttpResponse<String> accepted = send(NUMBER, TOKEN, template("new_arrivals", "en_US", body, threeCards));

		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
		SendMessageRequest.Component carousel = this.simulator.ledger().entries().get(0).components().get(1);
		assertThat(carousel.type()).isEqualTo("carousel");
		assertThat(carousel.cards()).extracting(SendMessageRequest.Card::cardIndex).containsExactly(0, 1, 2);
		assertThat(carousel.cards().get(2).components().get(0).parameters().get(0).image().link())
			.isEqualTo("https://cdn.example.com/2.jpg");
	}

	@Test
	void shouldRefuseACarouselTemplateMetaWouldNotCreate() throws Exception {
		String card = """
				{"components":[{"type":"HEADER","format":"IMAGE","example":{"header_handle":["4::aW1h"]}},
				 {"type":"BODY","text":"Now {{1}}.","example":{"body_text":[["$9"]]}},
				 {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"More"}]}]}""";
		String videoCard = card.replace("\"IMAGE\"", "\"VIDEO\"");
		String bodyless = """
				{"components":[{"type":"HEADER","format":"IMAGE","example":{"header_handle":["4::aW1h"]}},
				 {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"More"}]}]}""";

		Map<String, String> refused = new LinkedHashMap<>();
		refused.put(carouselTemplate("UTILITY", card, card), "MARKETING");
		refused.put(carouselTemplate("MARKETING", card), "cards must be 2 to 10");
		refused.put(carouselTemplate("MARKETING", card, videoCard), "card 1: every card must have the same components");
		refused.put(carouselTemplate("MARKETING", card, bodyless), "card 1: every card must have the same components");
		refused.put(carouselTemplate("MARKETING", card, card.replace("Now {{1}}.", "x".repeat(161))),
				"card 1: BODY: text is longer than 160");
		refused.put(
				carouselTemplate("MARKETING", card,
						card.replace("{\"type\":\"QUICK_REPLY\",\"text\":\"More\"}",
								"{\"type\":\"COPY_CODE\",\"example\":\"SAVE20\"}")),
				"card 1: BUTTONS: a card's buttons are QUICK_REPLY, URL or PHONE_NUMBER, not COPY_CODE");
		for (Map.Entry<String, String> template : refused.entrySet()) {
			HttpResponse<String> response = post(templatesUri(""), TOKEN, template.getKey());
			assertThat(response.statusCode()).as(template.getKey()).isEqualTo(400);
			assertThat(details(response)).as(response.body()).contains(template.getValue());
		}

		HttpResponse<String> created = post(templatesUri(""), TOKEN, carouselTemplate("marketing", card, card, card));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		assertThat(this.simulator.templates(WABA)).filteredOn((template) -> template.name().equals("spring_picks"))
			.singleElement()
			.satisfies((template) -> assertThat(template.components().get(1).cards()).hasSize(3)
				.allSatisfy((c) -> assertThat(c.components().get(0).type()).isEqualTo("HEADER")));
	}

	private static String carouselTemplate(String category, String... cards) {
		return """
				{"name":"spring_picks","language":"en_US","category":"%s","components":[
				 {"type":"body","text":"Spring picks for {{1}}","example":{"body_text":[["Ana"]]}},
				 {"type":"carousel","cards":[%s]}]}""".formatted(category, String.join(",", cards));
	}

	/**
	 * The values of card {@code index} of {@code new_arrivals}, its header of that type.
	 */
	private static String card(int index, String headerType) {
		return "{\"card_index\":" + index + ",\"components\":[{\"type\":\"header\",\"parameters\":[{\"type\":\""
				+ headerType + "\",\"" + headerType + "\":{\"link\":\"https://cdn.example.com/" + index + ".jpg\"}}]},"
				+ "{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"$9\"}]},"
				+ "{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\"1\","
				+ "\"parameters\":[{\"type\":\"text\",\"text\":\"p" + index + "\"}]}]}";
	}

	private static String carousel(String... cards) {
		return "{\"type\":\"carousel\",\"cards\":[" + String.join(",", cards) + "]}";
	}

	@Test
	void shouldPauseATemplateMidCampaignAndReinstateIt() throws Exception {
		String summerSale = summerSale(SUMMER_HEADER, SUMMER_BODY, SUMMER_URL_BUTTON);
		assertThat(send(NUMBER, TOKEN, summerSale).statusCode()).isEqualTo(200);

		put("/_sim/templates/summer_sale/status", "{\"status\":\"PAUSED\",\"waba_id\":\"" + WABA + "\"}");
		HttpResponse<String> whilePaused = send(NUMBER, TOKEN, summerSale);
		await().atMost(Duration.ofSeconds(10)).until(() -> !statusEvents("summer_sale").isEmpty());
		put("/_sim/templates/summer_sale/status", "{\"status\":\"APPROVED\"}");
		await().atMost(Duration.ofSeconds(10)).until(() -> statusEvents("summer_sale").size() == 2);
		HttpResponse<String> reinstated = send(NUMBER, TOKEN, summerSale);

		assertThat(code(whilePaused)).isEqualTo(132015);
		JsonNode paused = statusEvents("summer_sale").get(0);
		assertThat(paused.get("event").asString()).isEqualTo("PAUSED");
		assertThat(paused.at("/other_info/title").asString()).isEqualTo("FIRST_PAUSE");
		JsonNode unpaused = statusEvents("summer_sale").get(1);
		assertThat(unpaused.get("event").asString()).isEqualTo("APPROVED");
		assertThat(unpaused.at("/other_info/title").asString()).isEqualTo("UNPAUSE");
		assertThat(reinstated.statusCode()).isEqualTo(200);
		assertThat(this.simulator.ledger().summary().accepted()).isEqualTo(2);
		assertSigned();
	}

	@Test
	void shouldDisableATemplateWhenToldOrOnItsThirdPause() throws Exception {
		put("/_sim/templates/order_shipped/status", "{\"status\":\"DISABLED\"}");
		HttpResponse<String> disabled = send(NUMBER, TOKEN,
				template("order_shipped", "en_US", """
						{"type":"header","parameters":[{"type":"document","document":{"id":"1013859600285441"}}]}""",
						"{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"ORD-1\"},"
								+ "{\"type\":\"text\",\"text\":\"Friday\"}]}"));
		List<String> changes = List.of("PAUSED", "APPROVED", "PAUSED", "APPROVED", "PAUSED");
		for (int i = 0; i < changes.size(); i++) {
			assertThat(this.simulator.templateStatus(WABA, "feedback_request", changes.get(i))).isTrue();
			// One at a time: webhook POSTs in flight together may arrive in any order.
			int told = i + 1;
			await().atMost(Duration.ofSeconds(10)).until(() -> statusEvents("feedback_request").size() == told);
		}

		assertThat(code(disabled)).isEqualTo(132016);
		assertThat(statusEvents("feedback_request"))
			.extracting((event) -> event.get("event").asString() + "/" + event.at("/other_info/title").asString())
			.containsExactly("PAUSED/FIRST_PAUSE", "APPROVED/UNPAUSE", "PAUSED/SECOND_PAUSE", "APPROVED/UNPAUSE",
					"DISABLED/DISABLED");
		assertThat(this.simulator.templates(WABA)).filteredOn((template) -> template.name().equals("feedback_request"))
			.extracting(MessageTemplate::status)
			.containsExactly("DISABLED");
	}

	@Test
	void shouldTellAQualityChangeAndRefuseUnknownTemplatesAndStatuses() throws Exception {
		put("/_sim/templates/summer_sale/quality", "{\"score\":\"red\",\"waba_id\":\"" + WABA + "\"}");
		HttpResponse<String> unknown = this.http
			.send(HttpRequest.newBuilder(this.simulator.baseUrl().resolve("/_sim/templates/no_such/status"))
				.PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"PAUSED\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> badStatus = this.http
			.send(HttpRequest.newBuilder(this.simulator.baseUrl().resolve("/_sim/templates/summer_sale/status"))
				.PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"LOST\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());

		await().atMost(Duration.ofSeconds(10)).until(() -> !changes("message_template_quality_update").isEmpty());
		JsonNode quality = changes("message_template_quality_update").get(0);
		assertThat(quality.get("message_template_name").asString()).isEqualTo("summer_sale");
		assertThat(quality.get("previous_quality_score").asString()).isEqualTo("GREEN");
		assertThat(quality.get("new_quality_score").asString()).isEqualTo("RED");
		assertThat(this.simulator.templates(WABA)).filteredOn((template) -> template.name().equals("summer_sale"))
			.extracting((template) -> template.qualityScore().score())
			.containsExactly("RED");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(badStatus.statusCode()).isEqualTo(400);
		assertThat(details(badStatus)).contains("status must be");
	}

	@Test
	void shouldNotCheckSendsFromANumberWithoutAnAccount() throws Exception {
		HttpResponse<String> response = send(PLAIN_NUMBER, PLAIN_TOKEN, template("no_such_template", "en_US",
				"{\"type\":\"body\",\"parameters\":[{\"type\":\"text\"," + "\"text\":\"Ana\"}]}"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.simulator.ledger().entries().get(0).template()).isEqualTo("no_such_template");
	}

	/** Each send refused as Meta would: 400, its code, and details naming the problem. */
	private void assertRefused(List<Refusal> refusals) throws Exception {
		for (Refusal refusal : refusals) {
			HttpResponse<String> response = send(NUMBER, TOKEN, refusal.template());
			assertThat(response.statusCode()).as(refusal.template()).isEqualTo(400);
			assertThat(code(response)).as(response.body()).isEqualTo(refusal.code());
			assertThat(details(response)).as(response.body()).contains(refusal.details());
		}
	}

	private record Refusal(String template, int code, String details) {

	}

	private record Delivery(byte[] body, String signature) {

	}

	private URI templatesUri(String query) {
		return this.simulator.baseUrl().resolve("/v23.0/" + WABA + "/message_templates" + query);
	}

	/** Every template's name and language: one page holds them all. */
	private List<String> names() throws Exception {
		JsonNode page = this.json.readTree(get(templatesUri("?limit=100"), TOKEN).body());
		return page.get("data")
			.valueStream()
			.map((template) -> template.get("name").asString() + "/" + template.get("language").asString())
			.toList();
	}

	private static String template(String name, String language, String... components) {
		return "{\"name\":\"" + name + "\",\"language\":{\"code\":\"" + language + "\"},\"components\":["
				+ String.join(",", components) + "]}";
	}

	private static String summerSale(String... components) {
		return template("summer_sale", "en_US", components);
	}

	private static String orderUpdateBody(String name, String order) {
		return "{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"" + name + "\"},"
				+ "{\"type\":\"text\",\"text\":\"" + order + "\"}]}";
	}

	private HttpResponse<String> send(String number, String token, String template) throws Exception {
		String body = "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"+919812345678\","
				+ "\"type\":\"template\",\"template\":" + template + "}";
		return post(this.simulator.baseUrl().resolve("/v23.0/" + number + "/messages"), token, body);
	}

	private HttpResponse<String> get(URI uri, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(URI uri, String token, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri)
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> delete(URI uri, String token) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).DELETE().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private void put(String path, String json) throws Exception {
		assertThat(this.http
			.send(HttpRequest.newBuilder(this.simulator.baseUrl().resolve(path))
				.PUT(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode()).isEqualTo(204);
	}

	private int code(HttpResponse<String> response) {
		return this.json.readTree(response.body()).at("/error/code").asInt();
	}

	private String details(HttpResponse<String> response) {
		return this.json.readTree(response.body()).at("/error/error_data/details").asString();
	}

	/** The values of every webhook change on that field, in the order they came. */
	private List<JsonNode> changes(String field) {
		return entries().stream()
			.flatMap((entry) -> entry.get("changes").valueStream())
			.filter((change) -> change.get("field").asString().equals(field))
			.map((change) -> change.get("value"))
			.toList();
	}

	private List<JsonNode> statusEvents(String templateName) {
		return changes(STATUS_FIELD).stream()
			.filter((value) -> value.get("message_template_name").asString().equals(templateName))
			.toList();
	}

	private List<String> entryIdsOf(String field) {
		return entries().stream()
			.filter((entry) -> entry.get("changes")
				.valueStream()
				.anyMatch((change) -> change.get("field").asString().equals(field)))
			.map((entry) -> entry.get("id").asString())
			.toList();
	}

	private List<JsonNode> entries() {
		return this.deliveries.stream()
			.flatMap((delivery) -> this.json.readTree(delivery.body()).get("entry").valueStream())
			.toList();
	}

	private void assertSigned() {
		WebhookSignature signature = new WebhookSignature("app-secret");
		assertThat(this.deliveries).isNotEmpty()
			.allSatisfy((delivery) -> assertThat(signature.isValid(delivery.body(), delivery.signature())).isTrue());
	}

}
