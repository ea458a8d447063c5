package com.wacampaigns.system;

import java.time.Duration;
import java.util.HashMap;
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
 * refuse, so that none of them is ever sent.
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

		client.send(id);

		awaitCompleted(id, recipients);
		List<Ledger.Entry> sends = sendsOf(id);
		assertThat(sends).hasSize(recipients);
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
