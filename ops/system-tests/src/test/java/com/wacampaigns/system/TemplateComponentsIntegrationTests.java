package com.wacampaigns.system;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.localstack.CampaignInvariants;
import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.Seeder;
import com.wacampaigns.localstack.SystemStack;
import com.wacampaigns.simulator.Ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Campaigns on a template as Meta has it, synced from the demo's WhatsApp Business
 * Account ({@code summer_sale}: an IMAGE header, NAMED body variables, a footer, a URL
 * button with a suffix per recipient and a quick reply): every send carries Meta's
 * {@code components}, value for value, and a CSV import refuses the rows Meta would
 * refuse, so that none of them is ever sent. The same for a media card carousel
 * ({@code new_arrivals}: a body, then three cards of an IMAGE header, a body, a quick
 * reply and a URL button).
 */
@SystemStackTest
class TemplateComponentsIntegrationTests {

	private static final String IMAGE = "https://scontent.whatsapp.net/v/t61.29466-34/summer_sale_header.jpg";

	private static SystemStack stack;

	@LoggedInAs("demo")
	private static GatewayClient client;

	private static JdbcClient jdbc;

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void shouldSendEachRecipientMetasComponentsForAnImageNamedButtonsTemplate() throws Exception {
		long template = client.syncedTemplate(DemoData.DEMO_TEMPLATE);
		int recipients = 20;
		UUID id = client.createCampaign("Summer sale", DemoData.DEMO_USER_ID, template, recipients, 200, 10,
				DemoData.DEMO_TEMPLATE_VALUES, DemoData::demoParameters);

		List<Ledger.Entry> sends = sendAll(id, recipients);
		for (Ledger.Entry send : sends) {
			int n = number(send.phone());
			Map<String, String> values = DemoData.demoParameters(n);
			assertThat(send.template()).isEqualTo("summer_sale");
			// The structure of Meta's "send a marketing template" example, value for
			// value:
			// the campaign's header image, the first name from the recipient's name.
			JSONAssert.assertEquals("""
					[{"type":"header","parameters":[{"type":"image","image":{"link":"%s"}}]},
					 {"type":"body","parameters":[
					   {"type":"text","parameter_name":"first_name","text":"Customer %d"},
					   {"type":"text","parameter_name":"discount","text":"%s"}]},
					 {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"%s"}]},
					 {"type":"button","sub_type":"quick_reply","index":"1",
					  "parameters":[{"type":"payload","payload":"stop-promotions"}]}]
					""".formatted(IMAGE, n, values.get("discount"), values.get("button_0_url_suffix")),
					this.json.writeValueAsString(send.components()), JSONCompareMode.STRICT);
		}
		new CampaignInvariants(stack.dataSource()).assertCountersMatchRows(id);
	}

	@Test
	void shouldRefuseByLineTheRowsMetaWouldRefuseAndSendOnlyTheRest() {
		long template = client.syncedTemplate(DemoData.DEMO_TEMPLATE);
		UUID id = client.createCampaign("Summer sale from a file", DemoData.DEMO_USER_ID, template, 1, 200, 10,
				Map.of("header_image_url", Map.of("value", IMAGE)),
				(n) -> Map.of("first_name", "Ana", "discount", "20%", "button_0_url_suffix", "ana"));
		String csv = """
				phone,name,first_name,discount,button_0_url_suffix,header_image_url
				%s,Bo,Bo,10%%,bo,
				%s,Cy,Cy,15%%,,
				%s,Di,Di,20%%,di,http://cdn.example.com/di.jpg
				%s,Ed,Ed,25%%,ed,https://cdn.example.com/ed.jpg
				%s,Fa,"Fa
				Fa",25%%,fa,
				""".formatted(Seeder.phone(2), Seeder.phone(3), Seeder.phone(4), Seeder.phone(5), Seeder.phone(6));

		JsonNode report = client.importCsv(id, csv);

		assertThat(report.get("imported").asInt()).isEqualTo(2);
		assertThat(report.get("rejected").asInt()).isEqualTo(3);
		assertThat(report.get("errors")
			.valueStream()
			.map((error) -> error.get("line").asInt() + ": " + error.get("reason").asString())).containsExactly(
					"3: button_0_url_suffix is missing: the end of button 0's link https://shop.example.com/sale/{{1}}",
					"4: header_image_url must be an https link or a media id, not \"http://cdn.example.com/di.jpg\"",
					"6: first_name must not contain line breaks or tabs (Meta refuses them in parameters)");

		client.send(id);

		awaitCompleted(id, 3);
		List<Ledger.Entry> sends = sendsOf(id);
		assertThat(sends).extracting(Ledger.Entry::phone).containsExactlyInAnyOrder(waId(1), waId(2), waId(5));
		Map<String, String> images = new HashMap<>();
		for (Ledger.Entry send : sends) {
			images.put(send.phone(), send.components().get(0).parameters().get(0).image().link());
		}
		assertThat(images).as("a recipient's own link before the campaign's")
			.containsEntry(waId(5), "https://cdn.example.com/ed.jpg")
			.containsEntry(waId(2), IMAGE);
		assertThat(jdbc.sql("SELECT count(*) FROM campaign_recipients WHERE campaign_id = :id AND status = 'FAILED'")
			.param("id", id)
			.query(Long.class)
			.single()).as("nothing Meta refused for its shape: no 132012 or 131008").isZero();
	}

	@Test
	void shouldSendEveryCardOfACarouselWithTheCampaignsImagesAndEachRecipientsOwnLinks() throws Exception {
		long template = client.syncedTemplate("new_arrivals");
		Map<String, Object> everyone = new LinkedHashMap<>();
		for (int card = 0; card < 3; card++) {
			everyone.put("card_" + card + "_header_image_url",
					Map.of("value", "https://cdn.example.com/card-" + card + ".jpg"));
			everyone.put("card_" + card + "_body_1", Map.of("value", "$" + (10 + card)));
			everyone.put("card_" + card + "_button_0_payload", Map.of("value", "more-" + card));
		}
		everyone.put("body_2", Map.of("value", "NEW15"));
		int recipients = 12;
		UUID id = client.createCampaign("New arrivals", DemoData.DEMO_USER_ID, template, recipients, 200, 10, everyone,
				(n) -> Map.of("body_1", "Customer " + n, "card_0_button_1_url_suffix", "echeveria?r=" + n,
						"card_1_button_1_url_suffix", "lemon-tree?r=" + n, "card_2_button_1_url_suffix",
						"pearls?r=" + n));

		List<Ledger.Entry> sends = sendAll(id, recipients);
		for (Ledger.Entry send : sends) {
			int n = number(send.phone());
			StringBuilder cards = new StringBuilder();
			String[] suffixes = { "echeveria", "lemon-tree", "pearls" };
			for (int card = 0; card < 3; card++) {
				cards.append((card > 0) ? "," : "")
					.append("""
							{"card_index":%d,"components":[
							  {"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example.com/card-%d.jpg"}}]},
							  {"type":"body","parameters":[{"type":"text","text":"$%d"}]},
							  {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"more-%d"}]},
							  {"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"%s?r=%d"}]}]}
							"""
						.formatted(card, card, 10 + card, card, suffixes[card], n));
			}
			// Meta's "Sending media card carousel templates" request: the message's body,
			// then one card for each of the template's three, in its order.
			JSONAssert.assertEquals("""
					[{"type":"body","parameters":[{"type":"text","text":"Customer %d"},{"type":"text","text":"NEW15"}]},
					 {"type":"carousel","cards":[%s]}]
					""".formatted(n, cards), this.json.writeValueAsString(send.components()), JSONCompareMode.STRICT);
		}
		new CampaignInvariants(stack.dataSource()).assertCountersMatchRows(id);
	}

	@Test
	void shouldRefuseACarouselRowMissingACardsLinkAndImportTheRest() {
		long template = client.syncedTemplate("new_arrivals");
		Map<String, Object> everyone = new LinkedHashMap<>();
		for (int card = 0; card < 3; card++) {
			everyone.put("card_" + card + "_header_image_url",
					Map.of("value", "https://cdn.example.com/card-" + card + ".jpg"));
			everyone.put("card_" + card + "_body_1", Map.of("value", "$9"));
		}
		UUID id = client.createCampaign("New arrivals from a file", DemoData.DEMO_USER_ID, template, 1, 200, 10,
				everyone, (n) -> Map.of("body_1", "Ana", "body_2", "NEW15", "card_0_button_1_url_suffix", "a",
						"card_1_button_1_url_suffix", "b", "card_2_button_1_url_suffix", "c"));
		String csv = """
				phone,name,body_1,body_2,card_0_button_1_url_suffix,card_1_button_1_url_suffix,card_2_button_1_url_suffix,card_1_body_1
				%s,Bo,Bo,NEW15,a,b,c,
				%s,Cy,Cy,NEW15,a,,c,
				%s,Di,Di,NEW15,a,b,c,%s
				"""
			.formatted(Seeder.phone(2), Seeder.phone(3), Seeder.phone(4), "x".repeat(161));

		JsonNode report = client.importCsv(id, csv);

		assertThat(report.get("imported").asInt()).isEqualTo(1);
		assertThat(report.get("errors")
			.valueStream()
			.map((error) -> error.get("line").asInt() + ": " + error.get("reason").asString()))
			.containsExactly(
					"3: card_1_button_1_url_suffix is missing: the end of button 1's link "
							+ "https://shop.example.com/p/{{1}} (card 1)",
					"4: card_1_body_1 is 161 characters; at most 160 fit there");

		client.send(id);

		awaitCompleted(id, 2);
		assertThat(sendsOf(id)).extracting(Ledger.Entry::phone).containsExactlyInAnyOrder(waId(1), waId(2));
		assertThat(jdbc.sql("SELECT count(*) FROM campaign_recipients WHERE campaign_id = :id AND status = 'FAILED'")
			.param("id", id)
			.query(Long.class)
			.single()).as("Meta took every card: no 132000, 132012 or 131008").isZero();
	}

	/** Sends the campaign and answers its sends once all are read: one per recipient. */
	private static List<Ledger.Entry> sendAll(UUID id, int recipients) {
		client.send(id);
		awaitCompleted(id, recipients);
		List<Ledger.Entry> sends = sendsOf(id);
		assertThat(sends).hasSize(recipients);
		return sends;
	}

	private static void awaitCompleted(UUID id, int recipients) {
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			JsonNode campaign = client.campaign(id);
			return "COMPLETED".equals(campaign.get("status").asString()) && campaign.get("read").asInt() == recipients;
		});
	}

	private static List<Ledger.Entry> sendsOf(UUID campaign) {
		return stack.simulator()
			.ledger()
			.entries()
			.stream()
			.filter((entry) -> campaign.toString().equals(entry.campaign()))
			.toList();
	}

	/** {@link Seeder#phone(int)} as Meta writes it, without the {@code +}. */
	private static String waId(int n) {
		return Seeder.phone(n).substring(1);
	}

	/** The n of a {@link #waId(int)}. */
	private static int number(String waId) {
		return Integer.parseInt(waId.substring("9198".length()));
	}

}
