package com.wacampaigns.gateway.suppression;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import com.wacampaigns.common.crypto.SecretCipher;
import com.wacampaigns.common.graph.WebhookSignature;
import com.wacampaigns.gateway.GatewayIntegrationTest;
import com.wacampaigns.gateway.Http;
import com.wacampaigns.localstack.Seeder;

import static org.assertj.core.api.Assertions.assertThat;

@GatewayIntegrationTest
class OptOutIntegrationTests {

	private static final WebhookSignature SIGNATURE = new WebhookSignature(GatewayIntegrationTest.APP_SECRET);

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	private Http http;

	private JdbcClient jdbc;

	private UUID userId;

	private String token;

	private String phoneNumberId;

	private long templateId;

	@BeforeEach
	void seed() {
		this.http = new Http(this.port);
		this.jdbc = JdbcClient.create(this.dataSource);
		Seeder seeder = new Seeder(this.dataSource);
		String username = "user-" + UUID.randomUUID();
		this.userId = seeder.user(UUID.randomUUID(), username, "pw", "USER");
		this.templateId = seeder.template(null, this.userId, "t-" + UUID.randomUUID(), "Hi {{1}} {{2}}", 2, "APPROVED");
		this.phoneNumberId = Long.toString(100_000_000L + (long) (Math.random() * 899_999_999L));
		seeder.sender(this.userId, this.phoneNumberId, "+15550001111",
				new SecretCipher(GatewayIntegrationTest.TOKEN_KEY).encrypt("t"), 80);
		this.token = this.http.token(username, "pw");
	}

	@Test
	void shouldSuppressOnAStopReplyInAnyCaseAndLanguageAndRestoreOnStart() {
		webhook(messages(text("919812340001", "stop"), text("919812340002", " Baja. "),
				text("919812340003", "Please stop sending me these"), text("919812340004", "ARRÊT")));

		assertThat(suppressed()).containsExactlyInAnyOrder("+919812340001", "+919812340002", "+919812340004");

		webhook(messages(text("919812340001", "START")));

		assertThat(suppressed()).containsExactlyInAnyOrder("+919812340002", "+919812340004");
	}

	@Test
	void shouldFollowMarketingPreferences() {
		webhook(preferences("919812340005", "stop"));
		assertThat(suppressed()).containsExactly("+919812340005");

		webhook(preferences("919812340005", "resume"));
		assertThat(suppressed()).isEmpty();
	}

	@Test
	void shouldSkipSuppressedNumbersAtImport() {
		assertThat(this.http
			.post("/suppressions", this.token, "{\"phone\":\"+919812340006\",\"reason\":\"asked by phone\"}")
			.statusCode()).isEqualTo(201);

		HttpResponse<String> created = this.http.post("/campaigns/create", this.token, """
				{"name": "With an opted-out number", "user_id": "%s", "template_id": %d, "recipients": [
				  {"phone": "+919812340006", "parameters": {"1": "a", "2": "b"}},
				  {"phone": "+919812340007", "parameters": {"1": "c", "2": "d"}}]}""".formatted(this.userId,
				this.templateId));

		JsonNode campaign = Http.json(created);
		assertThat(campaign.get("total_recipients").asInt()).isEqualTo(2);
		assertThat(campaign.get("skipped").asInt()).isEqualTo(1);
		assertThat(campaign.get("pending").asInt()).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT status FROM campaign_recipients WHERE full_phone = '+919812340006'")
			.query(String.class)
			.single()).isEqualTo("SKIPPED");
	}

	@Test
	void shouldListAddAndRemoveSuppressionsOfTheCallerOnly() {
		this.http.post("/suppressions", this.token, "{\"phone\":\"9812340008\"}");
		String other = "other-" + UUID.randomUUID();
		UUID otherId = new Seeder(this.dataSource).user(UUID.randomUUID(), other, "pw", "USER");

		HttpResponse<String> list = this.http.get("/suppressions", this.token);
		HttpResponse<String> foreign = this.http.get("/suppressions?user_id=" + otherId, this.token);

		assertThat(Http.json(list).valueStream().map((s) -> s.get("phone").asString()))
			.containsExactly("+919812340008");
		assertThat(foreign.statusCode()).isEqualTo(403);
		assertThat(this.http.get("/suppressions", this.http.token(other, "pw")).body()).isEqualTo("[]");
		assertThat(this.http.delete("/suppressions/+919812340008", this.token, null).statusCode()).isEqualTo(204);
		assertThat(this.http.delete("/suppressions/+919812340008", this.token, null).statusCode()).isEqualTo(404);
		assertThat(this.http.post("/suppressions", this.token, "{\"phone\":\"12\"}").statusCode()).isEqualTo(400);
	}

	private List<String> suppressed() {
		return this.jdbc.sql("SELECT phone FROM suppressions WHERE user_id = :user ORDER BY phone")
			.param("user", this.userId)
			.query(String.class)
			.list();
	}

	private void webhook(String value) {
		byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":[" + value
				+ "]}]}")
			.getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = this.http.post("/webhooks/whatsapp",
				Map.of(WebhookSignature.HEADER, SIGNATURE.sign(body), "Content-Type", "application/json"), body);
		assertThat(response.statusCode()).isEqualTo(200);
	}

	private String messages(String... messages) {
		return "{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
				+ "\"display_phone_number\":\"15550001111\",\"phone_number_id\":\"" + this.phoneNumberId + "\"},"
				+ "\"contacts\":[{\"profile\":{\"name\":\"Ana\"},\"wa_id\":\"919812340001\"}],\"messages\":["
				+ String.join(",", messages) + "]}}";
	}

	private static String text(String from, String body) {
		return "{\"from\":\"" + from + "\",\"id\":\"wamid.in-" + UUID.randomUUID()
				+ "\",\"timestamp\":\"1763900000\",\"type\":\"text\",\"text\":{\"body\":\"" + body + "\"}}";
	}

	private String preferences(String waId, String value) {
		return "{\"field\":\"user_preferences\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
				+ "\"display_phone_number\":\"15550001111\",\"phone_number_id\":\"" + this.phoneNumberId + "\"},"
				+ "\"user_preferences\":[{\"wa_id\":\"" + waId
				+ "\",\"detail\":\"User requested to stop marketing messages\","
				+ "\"category\":\"marketing_messages\",\"value\":\"" + value + "\",\"timestamp\":1763900000}]}}";
	}

}
