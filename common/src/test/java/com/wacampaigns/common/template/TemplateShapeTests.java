package com.wacampaigns.common.template;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import tools.jackson.databind.json.JsonMapper;

import com.wacampaigns.common.graph.MessageTemplate;
import com.wacampaigns.common.template.TemplateVariable.Kind;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateShapeTests {

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * A marketing template as Meta lists it: an IMAGE header, a body with NAMED
	 * parameters, a footer, a dynamic URL button and a quick reply.
	 */
	private static final String SUMMER_SALE = """
			[{"type":"HEADER","format":"IMAGE","example":{"header_handle":["https://cdn.example.com/sale.jpg"]}},
			 {"type":"BODY","text":"Hi {{first_name}}, {{discount}} off until Sunday. {{first_name}}, don't miss it.",
			  "example":{"body_text_named_params":[{"param_name":"first_name","example":"Ana"},
			                                       {"param_name":"discount","example":"20%"}]}},
			 {"type":"FOOTER","text":"Tap Stop promotions to opt out"},
			 {"type":"BUTTONS","buttons":[
			   {"type":"URL","text":"Shop","url":"https://shop.example.com/sale/{{1}}",
			    "example":["https://shop.example.com/sale/summer25"]},
			   {"type":"QUICK_REPLY","text":"Stop promotions"},
			   {"type":"PHONE_NUMBER","text":"Call us","phone_number":"+15550100"},
			   {"type":"COPY_CODE","text":"Copy offer code","example":"SUMMER25"}]}]
			""";

	@Test
	void shouldNameEachVariableReadably() {
		TemplateShape shape = shape("NAMED", SUMMER_SALE);
		assertThat(shape.variables()).extracting(TemplateVariable::name)
			.containsExactly("header_image_url", "first_name", "discount", "button_0_url_suffix", "button_1_payload",
					"button_3_coupon_code");
		assertThat(shape.variables()).extracting(TemplateVariable::example)
			.containsExactly("https://cdn.example.com/sale.jpg", "Ana", "20%", "summer25", "stop-1", "SUMMER25");
		assertThat(shape.variables()).extracting(TemplateVariable::required)
			.containsExactly(true, true, true, true, false, true);
	}

	@Test
	void shouldBuildMetasDocumentedComponentsForAMediaNamedButtonsTemplate() throws Exception {
		TemplateShape shape = shape("NAMED", SUMMER_SALE);
		Map<String, String> values = Map.of("header_image_url", "https://cdn.example.com/ana.jpg", "first_name", "Ana",
				"discount", "30%", "button_0_url_suffix", "ana-42", "button_1_payload", "STOP", "button_3_coupon_code",
				"ANA30");
		String sent = this.json.writeValueAsString(shape.components(values::get));
		// The shape of Meta's "Send a template message" examples, parameter for
		// parameter.
		JSONAssert.assertEquals(
				"""
						[{"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example.com/ana.jpg"}}]},
						 {"type":"body","parameters":[
						   {"type":"text","parameter_name":"first_name","text":"Ana"},
						   {"type":"text","parameter_name":"discount","text":"30%"}]},
						 {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"ana-42"}]},
						 {"type":"button","sub_type":"quick_reply","index":"1","parameters":[{"type":"payload","payload":"STOP"}]},
						 {"type":"button","sub_type":"copy_code","index":"3",
						  "parameters":[{"type":"coupon_code","coupon_code":"ANA30"}]}]
						""",
				sent, JSONCompareMode.STRICT);
	}

	@Test
	void shouldLeaveOutAnOptionalPayloadAndSendAMediaIdAsAnId() throws Exception {
		TemplateShape shape = shape("NAMED", SUMMER_SALE);
		Map<String, String> values = Map.of("header_image_url", "1013859600285441", "first_name", "Ana", "discount",
				"30%", "button_0_url_suffix", "x", "button_3_coupon_code", "C");
		String sent = this.json.writeValueAsString(shape.components(values::get));
		assertThat(sent).contains("{\"type\":\"image\",\"image\":{\"id\":\"1013859600285441\"}}")
			.doesNotContain("quick_reply");
	}

	@Test
	void shouldBuildPositionalTextHeaderDocumentAndLocationHeaders() throws Exception {
		TemplateShape text = shape("POSITIONAL",
				"""
						[{"type":"HEADER","format":"TEXT","text":"Order {{1}}","example":{"header_text":["ORD-1"]}},
						 {"type":"BODY","text":"Hi {{1}}, order {{2}} ships {{3}}.","example":{"body_text":[["Ana","42","today"]]}}]
						""");
		assertThat(text.variables()).extracting(TemplateVariable::name)
			.containsExactly("header_1", "body_1", "body_2", "body_3");
		assertThat(text.variables()).extracting(TemplateVariable::example)
			.containsExactly("ORD-1", "Ana", "42", "today");
		JSONAssert.assertEquals("""
				[{"type":"header","parameters":[{"type":"text","text":"ORD-9"}]},
				 {"type":"body","parameters":[{"type":"text","text":"Bo"},{"type":"text","text":"9"},
				                              {"type":"text","text":"now"}]}]
				""",
				this.json.writeValueAsString(text
					.components(Map.of("header_1", "ORD-9", "body_1", "Bo", "body_2", "9", "body_3", "now")::get)),
				JSONCompareMode.STRICT);

		TemplateShape document = shape("POSITIONAL", "[{\"type\":\"HEADER\",\"format\":\"DOCUMENT\"}]");
		JSONAssert.assertEquals("""
				[{"type":"header","parameters":[{"type":"document",
				  "document":{"link":"https://cdn.example.com/i.pdf","filename":"Invoice 42.pdf"}}]}]
				""",
				this.json.writeValueAsString(document.components(Map.of("header_document_url",
						"https://cdn.example.com/i.pdf", "header_document_filename", "Invoice 42.pdf")::get)),
				JSONCompareMode.STRICT);

		TemplateShape location = shape("POSITIONAL", "[{\"type\":\"HEADER\",\"format\":\"LOCATION\"}]");
		JSONAssert
			.assertEquals("""
					[{"type":"header","parameters":[{"type":"location",
					  "location":{"latitude":"37.48","longitude":"-122.14","name":"Shop"}}]}]
					""",
					this.json.writeValueAsString(location.components(Map.of("header_latitude", "37.48",
							"header_longitude", "-122.14", "header_location_name", "Shop")::get)),
					JSONCompareMode.STRICT);
	}

	/**
	 * A media card carousel as Meta's docs create it: a body, then cards each with an
	 * IMAGE header, a body and a quick reply and a dynamic URL button.
	 */
	private static final String CAROUSEL = """
			[{"type":"BODY","text":"Summer is here, {{1}}! Use code {{2}} on our new arrivals.",
			  "example":{"body_text":[["Pablo","15OFF"]]}},
			 {"type":"CAROUSEL","cards":[
			   {"components":[
			     {"type":"HEADER","format":"IMAGE","example":{"header_handle":["4::aW1hZ2UvanBlZw==:ARb52"]}},
			     {"type":"BODY","text":"Rare lemons for {{1}} each.","example":{"body_text":[["$3"]]}},
			     {"type":"BUTTONS","buttons":[
			       {"type":"QUICK_REPLY","text":"Send more like this"},
			       {"type":"URL","text":"Buy now","url":"https://www.luckyshrub.com/shop?promo={{1}}",
			        "example":["https://www.luckyshrub.com/shop?promo=exotic_produce_2023"]}]}]},
			   {"components":[
			     {"type":"HEADER","format":"IMAGE","example":{"header_handle":["4::aW1hZ2UvanBlZw==:ARb53"]}},
			     {"type":"BODY","text":"Exotic fruit for {{1}} each.","example":{"body_text":[["$5"]]}},
			     {"type":"BUTTONS","buttons":[
			       {"type":"QUICK_REPLY","text":"Send more like this"},
			       {"type":"URL","text":"Buy now","url":"https://www.luckyshrub.com/shop?promo={{1}}",
			        "example":["https://www.luckyshrub.com/shop?promo=exotic_produce_2023"]}]}]}]}]
			""";

	@Test
	void shouldNameEachCarouselCardsValuesAfterItsCard() {
		TemplateShape shape = shape("POSITIONAL", CAROUSEL);
		assertThat(shape.variables()).extracting(TemplateVariable::name)
			.containsExactly("body_1", "body_2", "card_0_header_image_url", "card_0_body_1", "card_0_button_0_payload",
					"card_0_button_1_url_suffix", "card_1_header_image_url", "card_1_body_1", "card_1_button_0_payload",
					"card_1_button_1_url_suffix");
		assertThat(shape.variables()).extracting(TemplateVariable::cardIndex)
			.containsExactly(-1, -1, 0, 0, 0, 0, 1, 1, 1, 1);
		assertThat(shape.variable("card_1_body_1")).get()
			.satisfies((card) -> assertThat(card.maxLength()).isEqualTo(160))
			.satisfies((card) -> assertThat(card.example()).isEqualTo("$5"))
			.satisfies(
					(card) -> assertThat(card.alias()).as("the seed's numbers name the message's body only").isNull());
		assertThat(shape.variable("card_0_button_1_url_suffix").get().example()).isEqualTo("exotic_produce_2023");
		assertThat(TemplateShape.problem(shape.variable("card_0_body_1").get(), "x".repeat(161))).isPresent();
	}

	@Test
	void shouldBuildMetasDocumentedCarouselComponentsWithACardForEveryCard() throws Exception {
		TemplateShape shape = shape("POSITIONAL", CAROUSEL);
		Map<String, String> values = Map.ofEntries(Map.entry("body_1", "Pablo"), Map.entry("body_2", "15OFF"),
				Map.entry("card_0_header_image_url", "https://www.luckyshrub.com/assets/lemons.png"),
				Map.entry("card_0_body_1", "$3"), Map.entry("card_0_button_0_payload", "more-lemons"),
				Map.entry("card_0_button_1_url_suffix", "lemons_15"),
				Map.entry("card_1_header_image_url", "1558081531584829"), Map.entry("card_1_body_1", "$5"),
				Map.entry("card_1_button_0_payload", "more-fruit"),
				Map.entry("card_1_button_1_url_suffix", "fruit_15"));
		String sent = this.json.writeValueAsString(shape.components(values::get));
		// Meta's "Sending media card carousel templates" request, component for
		// component.
		JSONAssert.assertEquals(
				"""
						[{"type":"body","parameters":[{"type":"text","text":"Pablo"},{"type":"text","text":"15OFF"}]},
						 {"type":"carousel","cards":[
						   {"card_index":0,"components":[
						     {"type":"header","parameters":[{"type":"image","image":{"link":"https://www.luckyshrub.com/assets/lemons.png"}}]},
						     {"type":"body","parameters":[{"type":"text","text":"$3"}]},
						     {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"more-lemons"}]},
						     {"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"lemons_15"}]}]},
						   {"card_index":1,"components":[
						     {"type":"header","parameters":[{"type":"image","image":{"id":"1558081531584829"}}]},
						     {"type":"body","parameters":[{"type":"text","text":"$5"}]},
						     {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"more-fruit"}]},
						     {"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"fruit_15"}]}]}]}]
						""",
				sent, JSONCompareMode.STRICT);
	}

	@Test
	void shouldSendBodyValuesAsCurrenciesAndDatesWhereTheCampaignSaysSo() throws Exception {
		TemplateShape shape = shape("NAMED", """
				[{"type":"BODY","text":"Hi {{first_name}}, {{price}} until {{until}}."}]
				""");
		Map<String, String> values = Map.of("first_name", "Ana", "price", "12.5", "until", "Friday 14 March");

		String sent = this.json.writeValueAsString(shape.components(values, Map.of(),
				Map.of("price", ParameterType.currency("eur"), "until", ParameterType.DATE_TIME)));

		JSONAssert.assertEquals("""
				[{"type":"body","parameters":[
				  {"type":"text","parameter_name":"first_name","text":"Ana"},
				  {"type":"currency","parameter_name":"price",
				   "currency":{"fallback_value":"12.5 EUR","code":"EUR","amount_1000":12500}},
				  {"type":"date_time","parameter_name":"until","date_time":{"fallback_value":"Friday 14 March"}}]}]
				""", sent, JSONCompareMode.STRICT);
		TemplateVariable price = shape.variable("price").orElseThrow();
		assertThat(TemplateShape.problem(price, "12,50", ParameterType.currency("EUR"))).get()
			.isEqualTo("price must be an amount such as 12.50 (in EUR), not \"12,50\"");
		assertThat(TemplateShape.problem(price, "0.0005", ParameterType.currency("EUR"))).as("finer than Meta's 1/1000")
			.isPresent();
		assertThat(TemplateShape.problem(price, "12,50", ParameterType.TEXT)).isEmpty();
		assertThat(ParameterType.of("currency", "XYZ").problem()).contains("ISO 4217");
		assertThat(ParameterType.of("money", null).problem()).contains("text, currency or date_time");
	}

	@Test
	void shouldSendPositionalValuesInTheirNumbersOrderWhateverTheTextsOrder() throws Exception {
		TemplateShape shape = shape("POSITIONAL",
				"""
						[{"type":"BODY","text":"Order {{2}} for {{1}} ships {{3}}.","example":{"body_text":[["Ana","42","today"]]}}]
						""");

		assertThat(shape.variables()).extracting(TemplateVariable::name).containsExactly("body_1", "body_2", "body_3");
		assertThat(shape.variables()).extracting(TemplateVariable::example).containsExactly("Ana", "42", "today");
		JSONAssert.assertEquals("""
				[{"type":"body","parameters":[{"type":"text","text":"Bo"},{"type":"text","text":"9"},
				                              {"type":"text","text":"now"}]}]
				""",
				this.json
					.writeValueAsString(shape.components(Map.of("body_1", "Bo", "body_2", "9", "body_3", "now")::get)),
				JSONCompareMode.STRICT);
	}

	@Test
	void shouldKeepTheSeedsPositionalBodyAndItsNumberAliases() {
		TemplateShape shape = TemplateShape.positionalBody(2);
		assertThat(shape.variables()).extracting(TemplateVariable::name).containsExactly("body_1", "body_2");
		assertThat(shape.variable("2")).get().extracting(TemplateVariable::name).isEqualTo("body_2");
		assertThat(shape.variable("BODY_1")).isPresent();
		assertThat(shape.variable("3")).isEmpty();
		assertThat(TemplateShape.positionalBody(0).isStatic()).isTrue();
	}

	@Test
	void shouldRefuseValuesMetaWouldRefuse() {
		TemplateShape shape = shape("NAMED", SUMMER_SALE);
		assertThat(problem(shape, "header_image_url", "http://cdn.example.com/a.jpg")).contains("https link");
		assertThat(problem(shape, "header_image_url", "not a link")).contains("https link");
		assertThat(problem(shape, "header_image_url", "https://cdn.example.com/a.jpg")).isNull();
		assertThat(problem(shape, "first_name", "Ana\nMaria")).contains("line breaks");
		assertThat(problem(shape, "first_name", "Ana     Maria")).contains("four spaces");
		assertThat(problem(shape, "first_name", "x".repeat(1025))).contains("at most 1024");
		assertThat(problem(shape, "button_3_coupon_code", "SIXTEEN-CHARS-XX")).contains("at most 15");
		assertThat(problem(shape, "button_0_url_suffix", "a b")).contains("spaces");
		assertThat(shape.variable("button_0_url_suffix").get().maxLength())
			.isEqualTo(2000 - "https://shop.example.com/sale/".length());
		TemplateShape location = shape("POSITIONAL", "[{\"type\":\"HEADER\",\"format\":\"LOCATION\"}]");
		assertThat(problem(location, "header_latitude", "91")).contains("-90 to 90");
		assertThat(problem(location, "header_longitude", "east")).contains("-180 to 180");
		assertThat(location.variable("header_latitude").get().kind()).isEqualTo(Kind.LATITUDE);
	}

	private static String problem(TemplateShape shape, String name, String value) {
		return TemplateShape.problem(shape.variable(name).orElseThrow(), value).orElse(null);
	}

	private TemplateShape shape(String format, String components) {
		List<MessageTemplate.Component> parsed = List
			.of(this.json.readValue(components, MessageTemplate.Component[].class));
		return TemplateShape.of(format, parsed);
	}

}
