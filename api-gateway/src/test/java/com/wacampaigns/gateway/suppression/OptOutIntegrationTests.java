package com.wacampaigns.gateway.suppression;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
import com.wacampaigns.gateway.TestAccounts.Login;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opt-outs and opt-ins as Meta's webhooks bring them for the business number of the
 * test's user, and the suppression list that they keep.
 */
class OptOutIntegrationTests extends NewUserIntegrationTest {

	private static final WebhookSignature SIGNATURE = new WebhookSignature(GatewayIntegrationTest.APP_SECRET);

	/** When the user sent a message, in Meta's unix seconds (2025-11-23T12:13:20Z). */
	private static final long SENT = 1763900000L;

	@Test
	void shouldSuppressOnAStopReplyInAnyCaseAndLanguageAndRestoreOnStart() {
		webhook(messages(text("919812340001", "stop", SENT), text("919812340002", " Baja. ", SENT),
				text("919812340003", "Please stop sending me these", SENT), text("919812340004", "ARRÊT", SENT)));

		assertThat(suppressed()).containsExactlyInAnyOrder("+919812340001", "+919812340002", "+919812340004");

		webhook(messages(text("919812340001", "START", SENT + 60)));

		assertThat(suppressed()).containsExactlyInAnyOrder("+919812340002", "+919812340004");
	}

	@Test
	void shouldFollowMarketingPreferences() {
		webhook(preferences("919812340005", "stop", SENT));
		assertThat(suppressed()).containsExactly("+919812340005");

		webhook(preferences("919812340005", "resume", SENT + 60));
		assertThat(suppressed()).isEmpty();
	}

	@Test
	void shouldRecordButNotApplyAnOptInOlderThanTheOptOutItArrivesAfter() {
		webhook(messages(text("919812340011", "STOP", SENT + 100)));
		webhook(messages(text("919812340011", "START", SENT)));
		webhook(preferences("919812340012", "stop", SENT + 100));
		webhook(preferences("919812340012", "resume", SENT));
		webhook(messages(text("919812340013", "START", SENT + 100)));
		webhook(messages(text("919812340013", "STOP", SENT)));

		assertThat(suppressed()).containsExactly("+919812340011", "+919812340012");
		assertThat(events("+919812340011")).containsExactly("STOP REPLY applied", "RESUME REPLY not applied");
		assertThat(events("+919812340012")).containsExactly("STOP USER_PREFERENCES applied",
				"RESUME USER_PREFERENCES not applied");
		assertThat(events("+919812340013")).containsExactly("RESUME REPLY applied", "STOP REPLY not applied");
		JsonNode listed = Http.json(this.http.get("/suppressions", this.user.token()))
			.valueStream()
			.filter((s) -> s.get("phone").asString().equals("+919812340011"))
			.findFirst()
			.orElseThrow();
		assertThat(listed.get("source").asString()).isEqualTo("REPLY");
		assertThat(OffsetDateTime.parse(listed.get("changed_at").asString()).toEpochSecond()).isEqualTo(SENT + 100);

		webhook(messages(text("919812340011", "START", SENT + 200)));

		assertThat(suppressed()).containsExactly("+919812340012");
	}

	@Test
	void shouldKeepSuppressionsTheOwnerOrMetaMadeWhenTheRecipientOptsIn() {
		HttpResponse<String> added = this.http.post("/suppressions", this.user.token(),
				"{\"phone\":\"+919812340021\",\"reason\":\"asked by phone\"}");
		this.jdbc.sql("""
				INSERT INTO suppressions (user_id, phone, reason, source)
				VALUES (:user, '+919812340022', 'Stopped marketing messages (131050)', 'META_131050')
				""").param("user", this.user.id()).update();
		long later = Instant.now().getEpochSecond() + 60;

		webhook(messages(text("919812340021", "STOP", later), text("919812340022", "START", later)));
		webhook(messages(text("919812340021", "START", later + 1)));
		webhook(preferences("919812340022", "resume", later + 1));

		assertThat(added.statusCode()).isEqualTo(201);
		assertThat(Http.json(added).get("source").asString()).isEqualTo("MANUAL");
		assertThat(suppressed()).containsExactly("+919812340021", "+919812340022");
		assertThat(Http.json(this.http.get("/suppressions", this.user.token()))
			.valueStream()
			.map((s) -> s.get("phone").asString() + " " + s.get("source").asString()))
			.containsExactlyInAnyOrder("+919812340021 MANUAL", "+919812340022 META_131050");
		assertThat(events("+919812340021")).as("all in order, and none lifting the owner's suppression")
			.containsExactly("STOP MANUAL applied", "STOP REPLY applied", "RESUME REPLY applied");
		assertThat(events("+919812340022")).containsExactly("RESUME REPLY applied", "RESUME USER_PREFERENCES applied");
	}

	@Test
	void shouldApplyAnOptOutToEveryFormOfABrazilianOrMexicanNumber() {
		webhook(messages(text("551187654321", "STOP", SENT), text("5215512345678", "STOP", SENT)));

		assertThat(suppressed()).containsExactlyInAnyOrder("+551187654321", "+5511987654321", "+5215512345678",
				"+525512345678");
		JsonNode campaign = Http.json(this.http.post("/campaigns/create", this.user.token(), """
				{"name": "Imported in E.164", "user_id": "%s", "template_id": %d, "recipients": [
				  {"phone": "+5511987654321", "parameters": {"1": "a", "2": "b"}},
				  {"phone": "+525512345678", "parameters": {"1": "c", "2": "d"}},
				  {"phone": "+919812340031", "parameters": {"1": "e", "2": "f"}}]}""".formatted(this.user.id(),
				this.user.templateId())));
		assertThat(campaign.get("skipped").asInt()).isEqualTo(2);
		assertThat(campaign.get("pending").asInt()).isEqualTo(1);

		webhook(messages(text("5511987654321", "START", SENT + 60), text("525512345678", "START", SENT + 60)));

		assertThat(suppressed()).isEmpty();
	}

	@Test
	void shouldSkipSuppressedNumbersAtImport() {
		assertThat(this.http
			.post("/suppressions", this.user.token(), "{\"phone\":\"+919812340006\",\"reason\":\"asked by phone\"}")
			.statusCode()).isEqualTo(201);

		HttpResponse<String> created = this.http.post("/campaigns/create", this.user.token(), """
				{"name": "With an opted-out number", "user_id": "%s", "template_id": %d, "recipients": [
				  {"phone": "+919812340006", "parameters": {"1": "a", "2": "b"}},
				  {"phone": "+919812340007", "parameters": {"1": "c", "2": "d"}}]}""".formatted(this.user.id(),
				this.user.templateId()));

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
		this.http.post("/suppressions", this.user.token(), "{\"phone\":\"9812340008\"}");
		Login other = this.accounts.newLogin();

		HttpResponse<String> list = this.http.get("/suppressions", this.user.token());
		HttpResponse<String> foreign = this.http.get("/suppressions?user_id=" + other.id(), this.user.token());

		assertThat(Http.json(list).valueStream().map((s) -> s.get("phone").asString()))
			.containsExactly("+919812340008");
		assertThat(foreign.statusCode()).isEqualTo(403);
		assertThat(this.http.get("/suppressions", other.token()).body()).isEqualTo("[]");
		assertThat(this.http.delete("/suppressions/+919812340008", this.user.token(), null).statusCode())
			.isEqualTo(204);
		assertThat(this.http.delete("/suppressions/+919812340008", this.user.token(), null).statusCode())
			.isEqualTo(404);
		assertThat(this.http.post("/suppressions", this.user.token(), "{\"phone\":\"12\"}").statusCode())
			.isEqualTo(400);
	}

	private List<String> suppressed() {
		return this.jdbc.sql("SELECT phone FROM suppressions WHERE user_id = :user ORDER BY phone")
			.param("user", this.user.id())
			.query(String.class)
			.list();
	}

	/** The number's opt-out events in the order they arrived: action, source, applied. */
	private List<String> events(String phone) {
		return this.jdbc.sql("""
				SELECT action || ' ' || source || CASE WHEN applied THEN ' applied' ELSE ' not applied' END
				FROM opt_out_events
				WHERE user_id = :user AND phone = :phone
				ORDER BY id
				""").param("user", this.user.id()).param("phone", phone).query(String.class).list();
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
				+ "\"display_phone_number\":\"15550001111\",\"phone_number_id\":\"" + this.user.phoneNumberId() + "\"},"
				+ "\"contacts\":[{\"profile\":{\"name\":\"Ana\"},\"wa_id\":\"919812340001\"}],\"messages\":["
				+ String.join(",", messages) + "]}}";
	}

	/** A text message from {@code from}, sent at {@code sent} (unix seconds). */
	private static String text(String from, String body, long sent) {
		return "{\"from\":\"" + from + "\",\"id\":\"wamid.in-" + UUID.randomUUID() + "\",\"timestamp\":\"" + sent
				+ "\",\"type\":\"text\",\"text\":{\"body\":\"" + body + "\"}}";
	}

	/** {@code waId} stops or resumes marketing at {@code sent} (unix seconds). */
	private String preferences(String waId, String value, long sent) {
		return "{\"field\":\"user_preferences\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
				+ "\"display_phone_number\":\"15550001111\",\"phone_number_id\":\"" + this.user.phoneNumberId() + "\"},"
				+ "\"user_preferences\":[{\"wa_id\":\"" + waId
				+ "\",\"detail\":\"User requested to stop marketing messages\","
				+ "\"category\":\"marketing_messages\",\"value\":\"" + value + "\",\"timestamp\":" + sent + "}]}}";
	}

}
