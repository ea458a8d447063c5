package com.wacampaigns.gateway.template;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.wacampaigns.common.graph.WebhookSignature;
import com.wacampaigns.gateway.GatewayIntegrationTest;
import com.wacampaigns.gateway.Http;
import com.wacampaigns.gateway.NewUserIntegrationTest;
import com.wacampaigns.gateway.TestAccounts.Login;
import com.wacampaigns.localstack.Seeder;
import com.wacampaigns.simulator.SimulatorSettings;
import com.wacampaigns.simulator.WhatsAppSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Templates as Meta knows them: synced from a WhatsApp Business Account of the simulator
 * (each lists its seeded templates, one a page here), changed by Meta's template
 * webhooks, and seen by the users with a number of the account and by admins only.
 * Templates are named {@code name:language} below.
 */
class WabaTemplatesIntegrationTests extends NewUserIntegrationTest {

	private static final WhatsAppSimulator simulator = WhatsAppSimulator.start(SimulatorSettings.defaults("secret"));

	private static final HttpClient client = HttpClient.newHttpClient();

	private static final WebhookSignature SIGNATURE = new WebhookSignature(GatewayIntegrationTest.APP_SECRET);

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private String wabaId;

	private String phoneNumberId;

	private String accessToken;

	@DynamicPropertySource
	static void graph(DynamicPropertyRegistry registry) {
		registry.add("gateway.graph.base-url", () -> simulator.baseUrl().toString());
		// One template a page: an account's seeded templates take a page each.
		registry.add("gateway.templates.page-size", () -> "1");
	}

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@BeforeEach
	void registerANumberOfANewAccount() {
		this.wabaId = newWabaId();
		this.phoneNumberId = Seeder.randomPhoneNumberId();
		this.accessToken = "meta-token-" + this.phoneNumberId;
		registerNumber(this.phoneNumberId, this.accessToken, this.wabaId);
	}

	@Test
	void shouldSyncTheAccountsTemplatesWhenANumberIsConnectedWithIt() {
		HttpResponse<String> response = connect(this.user.token(), this.phoneNumberId, this.accessToken, this.wabaId);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode connected = Http.json(response);
		assertThat(connected.get("status").asString()).isEqualTo("CONNECTED");
		assertThat(connected.get("waba_id").asString()).isEqualTo(this.wabaId);
		assertThat(connected.get("templates_synced").asInt()).isEqualTo(atMeta().size());
		assertThat(connected.has("template_sync_error")).isFalse();
		Map<String, JsonNode> synced = ofAccount(this.user.token(), this.wabaId);
		assertThat(synced).containsOnlyKeys(atMeta());
		assertThat(synced).containsKeys("summer_sale:en_US", "order_shipped:en_US", "feedback_request:en_US",
				"order_update:en_US");
		assertThat(synced.values()).allSatisfy((template) -> {
			assertThat(template.get("local").asBoolean()).isFalse();
			assertThat(template.get("meta_template_id").asString()).isNotBlank();
			assertThat(template.get("user_id").isNull()).isTrue();
			assertThat(template.get("components").isArray()).as("Meta's components, as JSON").isTrue();
			assertThat(template.get("synced_at").isNull()).isFalse();
		});
		JsonNode orderUpdate = synced.get("order_update:en_US");
		assertThat(orderUpdate.get("status").asString()).isEqualTo("APPROVED");
		assertThat(orderUpdate.get("quality_score").asString()).isEqualTo("GREEN");
		assertThat(orderUpdate.get("parameter_format").asString()).isEqualTo("POSITIONAL");
		assertThat(orderUpdate.get("parameter_count").asInt()).as("from the BODY's variables").isEqualTo(2);
		assertThat(orderUpdate.get("body").asString()).contains("{{1}}").contains("{{2}}");
		JsonNode summerSale = synced.get("summer_sale:en_US");
		assertThat(summerSale.get("parameter_format").asString()).isEqualTo("NAMED");
		assertThat(componentsOf(summerSale)).contains("HEADER", "IMAGE", "URL");
		assertThat(summerSale.get("parameter_count").asInt()).as("first_name and discount").isEqualTo(2);
		assertThat(componentsOf(synced.get("order_shipped:en_US"))).contains("DOCUMENT");
		assertThat(componentsOf(synced.get("feedback_request:en_US"))).contains("QUICK_REPLY");
		assertThat(componentsOf(synced.get("new_arrivals:en_US"))).contains("CAROUSEL", "CARDS", "HEADER_HANDLE");
		assertThat(synced.get("new_arrivals:en_US").get("variables"))
			.extracting((variable) -> variable.get("name").asString())
			.contains("body_1", "card_0_header_image_url", "card_2_button_1_url_suffix");
		assertThat(visible(this.user.token())).as("the user's own template stays, marked local")
			.anySatisfy((template) -> {
				assertThat(template.get("id").asLong()).isEqualTo(this.user.templateId());
				assertThat(template.get("local").asBoolean()).isTrue();
				assertThat(template.get("waba_id").isNull()).isTrue();
			});
	}

	@Test
	void shouldFollowEveryPageOfMetasListAndChangeNothingWhenNothingChanged() {
		connect(this.user.token(), this.phoneNumberId, this.accessToken, this.wabaId);

		HttpResponse<String> response = this.http.post("/templates/sync", this.user.token(), "");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode report = Http.json(response);
		assertThat(report.get("listed").asInt()).as("a page each").isEqualTo(atMeta().size());
		assertThat(report.get("added").asInt()).isZero();
		assertThat(report.get("updated").asInt()).isZero();
		assertThat(report.get("deleted").asInt()).isZero();
		assertThat(report.get("synced").get(0).get("waba_id").asString()).isEqualTo(this.wabaId);
		assertThat(report.get("failed").isEmpty()).isTrue();
		assertThat(ofAccount(this.user.token(), this.wabaId)).containsOnlyKeys(atMeta());
	}

	@Test
	void shouldAddWhatIsMissingAndMarkWhatMetaNoLongerListsAsDeleted() {
		connect(this.user.token(), this.phoneNumberId, this.accessToken, this.wabaId);
		this.jdbc.sql("DELETE FROM templates WHERE waba_id = :wabaId AND name = 'feedback_request'")
			.param("wabaId", this.wabaId)
			.update();
		long retired = this.jdbc.sql("""
				INSERT INTO templates (waba_id, meta_template_id, name, language, category, body, status)
				VALUES (:wabaId, 'retired-at-meta', 'retired_offer', 'en_US', 'MARKETING', 'Hi', 'APPROVED')
				RETURNING id""").param("wabaId", this.wabaId).query(Long.class).single();

		JsonNode report = Http.json(this.http.post("/templates/sync", this.user.token(), ""));

		assertThat(report.get("added").asInt()).isEqualTo(1);
		assertThat(report.get("deleted").asInt()).isEqualTo(1);
		assertThat(Http.json(this.http.get("/templates/" + retired, this.user.token())).get("status").asString())
			.as("kept for the campaigns that name it")
			.isEqualTo("DELETED");
		assertThat(ofAccount(this.user.token(), this.wabaId)).containsKeys(atMeta().toArray(String[]::new))
			.containsKey("retired_offer:en_US");
	}

	@Test
	void shouldApplyMetasTemplateWebhooksWithinSeconds() {
		connect(this.user.token(), this.phoneNumberId, this.accessToken, this.wabaId);
		JsonNode orderUpdate = ofAccount(this.user.token(), this.wabaId).get("order_update:en_US");
		long id = orderUpdate.get("id").asLong();
		// Meta's webhooks write the id as a number and the language as en-US.
		String templateFields = "\"message_template_id\":" + orderUpdate.get("meta_template_id").asString()
				+ ",\"message_template_name\":\"order_update\",\"message_template_language\":\""
				+ orderUpdate.get("language").asString().replace('_', '-') + "\"";
		byte[] body = envelope(this.wabaId, change("message_template_status_update",
				"{\"event\":\"PAUSED\"," + templateFields + ",\"reason\":\"NONE\",\"other_info\":{"
						+ "\"title\":\"FIRST_PAUSE\",\"description\":\"Paused for 3 hours after low ratings\"}}"),
				change("message_template_quality_update", "{\"previous_quality_score\":\"GREEN\","
						+ "\"new_quality_score\":\"YELLOW\"," + templateFields + "}"));

		assertThat(postWebhook(body).statusCode()).isEqualTo(200);

		Awaitility.await().atMost(PATIENCE).untilAsserted(() -> {
			JsonNode template = Http.json(this.http.get("/templates/" + id, this.user.token()));
			assertThat(template.get("status").asString()).isEqualTo("PAUSED");
			assertThat(template.get("quality_score").asString()).isEqualTo("YELLOW");
		});
	}

	@Test
	void shouldPauseTheCampaignsOfAPausedTemplateAndResumeThemWhenMetaReinstatesIt() {
		connect(this.user.token(), this.phoneNumberId, this.accessToken, this.wabaId);
		JsonNode orderUpdate = ofAccount(this.user.token(), this.wabaId).get("order_update:en_US");
		long templateId = orderUpdate.get("id").asLong();
		UUID sender = this.jdbc.sql("SELECT id FROM senders WHERE phone_number_id = :id")
			.param("id", this.phoneNumberId)
			.query(UUID.class)
			.single();
		UUID running = this.accounts.campaign(this.user)
			.template(templateId)
			.sender(sender)
			.status("RUNNING")
			.recipients(3)
			.create();
		UUID pausedByItsOwner = this.accounts.campaign(this.user)
			.template(templateId)
			.sender(sender)
			.status("PAUSED")
			.recipients(3)
			.create();
		String templateFields = "\"message_template_id\":" + orderUpdate.get("meta_template_id").asString()
				+ ",\"message_template_name\":\"order_update\",\"message_template_language\":\"en-US\"";

		postWebhook(envelope(this.wabaId,
				change("message_template_status_update",
						"{\"event\":\"PAUSED\"," + templateFields
								+ ",\"reason\":\"NONE\",\"other_info\":{\"title\":\"FIRST_PAUSE\","
								+ "\"description\":\"Paused for 3 hours after low ratings\"}}")));

		Awaitility.await().atMost(PATIENCE).until(() -> "PAUSED".equals(campaignStatus(running)));
		assertThat(this.jdbc.sql("""
				SELECT reason FROM campaign_history WHERE campaign_id = :id AND to_status = 'PAUSED'""")
			.param("id", running)
			.query(String.class)
			.single()).contains("Meta paused template 'order_update'");

		postWebhook(envelope(this.wabaId,
				change("message_template_status_update",
						"{\"event\":\"APPROVED\"," + templateFields
								+ ",\"reason\":\"NONE\",\"other_info\":{\"title\":\"UNPAUSE\","
								+ "\"description\":\"Quality improved\"}}")));

		Awaitility.await().atMost(PATIENCE).until(() -> "RUNNING".equals(campaignStatus(running)));
		assertThat(campaignStatus(pausedByItsOwner)).as("paused by its owner, not by Meta").isEqualTo("PAUSED");
	}

	@Test
	void shouldWriteAQualityDropToRedAndACategoryChangeInTheHistoryOfTheTemplatesCampaigns() {
		connect(this.user.token(), this.phoneNumberId, this.accessToken, this.wabaId);
		JsonNode orderUpdate = ofAccount(this.user.token(), this.wabaId).get("order_update:en_US");
		long templateId = orderUpdate.get("id").asLong();
		UUID sender = this.jdbc.sql("SELECT id FROM senders WHERE phone_number_id = :id")
			.param("id", this.phoneNumberId)
			.query(UUID.class)
			.single();
		UUID running = this.accounts.campaign(this.user)
			.template(templateId)
			.sender(sender)
			.status("RUNNING")
			.recipients(3)
			.create();
		UUID completed = this.accounts.campaign(this.user)
			.template(templateId)
			.sender(sender)
			.status("COMPLETED")
			.recipients(3)
			.create();
		String templateFields = "\"message_template_id\":" + orderUpdate.get("meta_template_id").asString()
				+ ",\"message_template_name\":\"order_update\",\"message_template_language\":\"en-US\"";

		postWebhook(envelope(this.wabaId,
				change("message_template_quality_update",
						"{\"previous_quality_score\":\"GREEN\",\"new_quality_score\":\"RED\"," + templateFields + "}"),
				change("template_category_update",
						"{" + templateFields + ",\"previous_category\":\"UTILITY\",\"new_category\":\"MARKETING\"}")));

		Awaitility.await().atMost(PATIENCE).until(() -> notes(running).size() == 2);
		assertThat(notes(running)).containsExactly(
				"template_quality: Meta rated template 'order_update' RED (was GREEN): Meta pauses a template that"
						+ " stays RED, and then disables it",
				"template_category: Meta moved template 'order_update' from UTILITY to MARKETING: it is priced as such");
		assertThat(notes(completed)).as("a finished campaign's history is left as it was").isEmpty();
		assertThat(campaignStatus(running)).isEqualTo("RUNNING");
		JsonNode template = Http.json(this.http.get("/templates/" + templateId, this.user.token()));
		assertThat(template.get("quality_score").asString()).isEqualTo("RED");
		assertThat(template.get("category").asString()).isEqualTo("MARKETING");
	}

	/** The history entries that changed no status, as {@code action: reason}. */
	private List<String> notes(UUID campaign) {
		return this.jdbc.sql("""
				SELECT action || ': ' || reason FROM campaign_history
				WHERE campaign_id = :id AND action LIKE 'template_%' ORDER BY id""")
			.param("id", campaign)
			.query(String.class)
			.list();
	}

	@Test
	void shouldPauseTheCampaignsOfATemplateThatASyncFindsPaused() {
		connect(this.user.token(), this.phoneNumberId, this.accessToken, this.wabaId);
		long templateId = ofAccount(this.user.token(), this.wabaId).get("order_update:en_US").get("id").asLong();
		UUID sender = this.jdbc.sql("SELECT id FROM senders WHERE phone_number_id = :id")
			.param("id", this.phoneNumberId)
			.query(UUID.class)
			.single();
		UUID running = this.accounts.campaign(this.user)
			.template(templateId)
			.sender(sender)
			.status("RUNNING")
			.recipients(3)
			.create();
		// Meta pauses it, and its webhook never comes (this simulator has no webhook
		// URL).
		assertThat(simulator.templateStatus(this.wabaId, "order_update", "PAUSED")).isTrue();

		assertThat(this.http.post("/templates/sync", this.user.token(), "").statusCode()).isEqualTo(200);

		assertThat(campaignStatus(running)).isEqualTo("PAUSED");
	}

	private String campaignStatus(UUID campaign) {
		return this.jdbc.sql("SELECT status FROM campaigns WHERE id = :id")
			.param("id", campaign)
			.query(String.class)
			.single();
	}

	@Test
	void shouldSyncTheAccountWhenAWebhookNamesATemplateUnknownHere() {
		connect(this.user.token(), this.phoneNumberId, this.accessToken, this.wabaId);
		JsonNode feedback = ofAccount(this.user.token(), this.wabaId).get("feedback_request:en_US");
		this.jdbc.sql("DELETE FROM templates WHERE id = :id").param("id", feedback.get("id").asLong()).update();
		byte[] body = envelope(this.wabaId,
				change("message_template_status_update",
						"{\"event\":\"APPROVED\",\"message_template_id\":" + feedback.get("meta_template_id").asString()
								+ ",\"message_template_name\":\"feedback_request\",\"message_template_language\":\""
								+ feedback.get("language").asString() + "\",\"reason\":\"NONE\"}"));

		assertThat(postWebhook(body).statusCode()).isEqualTo(200);

		Awaitility.await()
			.atMost(PATIENCE)
			.untilAsserted(
					() -> assertThat(ofAccount(this.user.token(), this.wabaId)).containsKey("feedback_request:en_US"));
	}

	@Test
	void shouldShowAnAccountsTemplatesToItsUsersAndToAdminsOnly() {
		connect(this.user.token(), this.phoneNumberId, this.accessToken, this.wabaId);
		long id = ofAccount(this.user.token(), this.wabaId).get("summer_sale:en_US").get("id").asLong();
		Login other = this.accounts.newLogin();
		Login admin = this.accounts.newAdmin();

		assertThat(ofAccount(other.token(), this.wabaId)).isEmpty();
		assertThat(this.http.get("/templates/" + id, other.token()).statusCode()).isEqualTo(404);
		assertThat(ofAccount(admin.token(), this.wabaId)).containsOnlyKeys(atMeta());
		assertThat(this.http.get("/templates/" + id, admin.token()).statusCode()).isEqualTo(200);
	}

	@Test
	void shouldLeaveTheStatusOfASyncedTemplateToMeta() {
		connect(this.user.token(), this.phoneNumberId, this.accessToken, this.wabaId);
		long synced = ofAccount(this.user.token(), this.wabaId).get("order_update:en_US").get("id").asLong();
		String admin = this.accounts.newAdmin().token();

		HttpResponse<String> refused = this.http.put("/templates/" + synced + "/status", admin,
				"{\"status\":\"REJECTED\"}");
		HttpResponse<String> local = this.http.put("/templates/" + this.user.templateId() + "/status", admin,
				"{\"status\":\"PAUSED\"}");

		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(Http.json(refused).get("detail").asString()).contains("Meta decides");
		assertThat(local.statusCode()).as("a local template's status is still an admin's word").isEqualTo(200);
		assertThat(Http.json(local).get("status").asString()).isEqualTo("PAUSED");
	}

	@Test
	void shouldConnectEvenWhenTheAccountsTemplatesCannotBeSynced() {
		// A number of another account, whose token Meta refuses for this one.
		String otherNumber = Seeder.randomPhoneNumberId();
		registerNumber(otherNumber, "meta-token-" + otherNumber, newWabaId());

		HttpResponse<String> response = connect(this.user.token(), otherNumber, "meta-token-" + otherNumber,
				this.wabaId);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode connected = Http.json(response);
		assertThat(connected.get("status").asString()).isEqualTo("CONNECTED");
		assertThat(connected.get("template_sync_error").asString()).isNotBlank();
		assertThat(connected.has("templates_synced")).isFalse();
		assertThat(connected.path("waba_id").isString())
			.as("an account whose templates the number's token cannot read is not linked to it")
			.isFalse();
		assertThat(this.jdbc.sql("SELECT waba_id FROM senders WHERE phone_number_id = :id")
			.param("id", otherNumber)
			.query(String.class)
			.optional()).isEmpty();
	}

	@Test
	void shouldLetOnlyTheAccountsUsersBuildCampaignsOnItsTemplates() {
		connect(this.user.token(), this.phoneNumberId, this.accessToken, this.wabaId);
		long synced = ofAccount(this.user.token(), this.wabaId).get("order_update:en_US").get("id").asLong();
		Login other = this.accounts.newLogin();

		HttpResponse<String> mine = createCampaign(this.user.token(), this.user.id(), synced);
		HttpResponse<String> theirs = createCampaign(other.token(), other.id(), synced);

		assertThat(mine.statusCode()).as(mine.body()).isEqualTo(201);
		assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(400);
		assertThat(Http.json(theirs).get("errors").get(0).get("field").asString()).isEqualTo("template_id");
	}

	private HttpResponse<String> createCampaign(String token, UUID userId, long templateId) {
		return this.http.post("/campaigns/create", token, """
				{"name": "Sale", "user_id": "%s", "template_id": %d, "max_workers": 1, "rate_limit": 10,
				 "recipients": [{"phone": "+919812345678", "parameters": {"1": "Ana", "2": "A-1"}}]}"""
			.formatted(userId, templateId));
	}

	@Test
	void shouldSubmitATemplateToMetaKeepItPendingAndLearnMetasVerdictBySync() {
		connect(this.user.token(), this.phoneNumberId, this.accessToken, this.wabaId);
		String template = """
				{"name": "spring_sale", "language": "en_US", "category": "MARKETING", "waba_id": "%s",
				 "parameter_format": "NAMED",
				 "components": [
				   {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["https://cdn.example.com/s.jpg"]}},
				   {"type": "BODY", "text": "Hi {{first_name}}, spring is here.",
				    "example": {"body_text_named_params": [{"param_name": "first_name", "example": "Ana"}]}},
				   {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Shop", "url": "https://shop.example.com/{{1}}",
				                                    "example": ["https://shop.example.com/spring"]}]}]}
				"""
			.formatted(this.wabaId);

		HttpResponse<String> created = this.http.post("/templates", this.user.token(), template);

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode pending = Http.json(created);
		assertThat(pending.get("status").asString()).isEqualTo("PENDING");
		assertThat(pending.get("local").asBoolean()).isFalse();
		assertThat(pending.get("meta_template_id").asString()).isNotBlank();
		assertThat(pending.get("variables").valueStream().map((variable) -> variable.get("name").asString()))
			.containsExactly("header_image_url", "first_name", "button_0_url_suffix");
		assertThat(atMeta()).contains("spring_sale:en_US");
		// Meta reviews it (two seconds here); this simulator posts no webhooks, so a sync
		// brings the verdict.
		Awaitility.await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(this.http.post("/templates/sync", this.user.token(), "").statusCode()).isEqualTo(200);
			assertThat(Http.json(this.http.get("/templates/" + pending.get("id").asLong(), this.user.token()))
				.get("status")
				.asString()).isEqualTo("APPROVED");
		});

		HttpResponse<String> again = this.http.post("/templates", this.user.token(), template);
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(Http.json(again).get("errors").get(0).get("reason").asString())
			.contains("Meta refused the template (100)")
			.contains("already exists");
		Login stranger = this.accounts.newLogin();
		assertThat(this.http.post("/templates", stranger.token(), template).statusCode())
			.as("not a user of the account")
			.isEqualTo(403);
	}

	@Test
	void shouldDeleteATemplateAtMetaButNotWhileACampaignWouldStillSendIt() {
		connect(this.user.token(), this.phoneNumberId, this.accessToken, this.wabaId);
		Map<String, JsonNode> templates = ofAccount(this.user.token(), this.wabaId);
		long feedback = templates.get("feedback_request:en_US").get("id").asLong();
		long orderUpdate = templates.get("order_update:en_US").get("id").asLong();
		UUID sender = this.jdbc.sql("SELECT id FROM senders WHERE phone_number_id = :id")
			.param("id", this.phoneNumberId)
			.query(UUID.class)
			.single();
		this.accounts.campaign(this.user).template(orderUpdate).sender(sender).status("PAUSED").recipients(1).create();

		HttpResponse<String> deleted = this.http.delete("/templates/" + feedback, this.user.token(), null);
		HttpResponse<String> inUse = this.http.delete("/templates/" + orderUpdate, this.user.token(), null);

		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		assertThat(atMeta()).doesNotContain("feedback_request:en_US").contains("order_update:en_US");
		assertThat(Http.json(this.http.get("/templates/" + feedback, this.user.token())).get("status").asString())
			.isEqualTo("DELETED");
		assertThat(inUse.statusCode()).isEqualTo(409);
		assertThat(Http.json(inUse).get("detail").asString()).contains("used by 1 campaigns that have not ended");
	}

	@Test
	void shouldRefuseASyncWithoutAnAccount() {
		HttpResponse<String> response = this.http.post("/templates/sync", this.user.token(), "");

		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(Http.json(response).get("detail").asString()).contains("waba_id");
	}

	private HttpResponse<String> connect(String token, String phoneNumberId, String accessToken, String wabaId) {
		return this.http.post("/whatsapp/connect", token, "{\"phone_number_id\":\"" + phoneNumberId
				+ "\",\"access_token\":\"" + accessToken + "\",\"waba_id\":\"" + wabaId + "\"}");
	}

	private List<JsonNode> visible(String token) {
		HttpResponse<String> response = this.http.get("/templates", token);
		assertThat(response.statusCode()).isEqualTo(200);
		List<JsonNode> templates = new ArrayList<>();
		Http.json(response).forEach(templates::add);
		return templates;
	}

	/** The templates of one account that the caller sees, by name and language. */
	private Map<String, JsonNode> ofAccount(String token, String wabaId) {
		Map<String, JsonNode> byName = new LinkedHashMap<>();
		for (JsonNode template : visible(token)) {
			JsonNode account = template.get("waba_id");
			if (account.isString() && account.asString().equals(wabaId)) {
				byName.put(template.get("name").asString() + ":" + template.get("language").asString(), template);
			}
		}
		return byName;
	}

	/** What Meta (the simulator) lists for the test's account, by name and language. */
	private Set<String> atMeta() {
		return simulator.templates(this.wabaId)
			.stream()
			.map((template) -> template.name() + ":" + template.language())
			.collect(Collectors.toSet());
	}

	private static String componentsOf(JsonNode template) {
		return template.get("components").toString().toUpperCase();
	}

	private HttpResponse<String> postWebhook(byte[] body) {
		return this.http.post("/webhooks/whatsapp",
				Map.of(WebhookSignature.HEADER, SIGNATURE.sign(body), "Content-Type", "application/json"), body);
	}

	/** A signed envelope as Meta sends template webhooks: the entry is the account. */
	private static byte[] envelope(String wabaId, String... changes) {
		return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + wabaId + "\",\"time\":"
				+ Instant.now().getEpochSecond() + ",\"changes\":[" + String.join(",", changes) + "]}]}")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static String change(String field, String value) {
		return "{\"value\":" + value + ",\"field\":\"" + field + "\"}";
	}

	private static String newWabaId() {
		return Long.toString(100_000_000_000_000L + ThreadLocalRandom.current().nextLong(900_000_000_000_000L));
	}

	/** A number of an account at the simulator, with the token Meta knows it by. */
	private static void registerNumber(String phoneNumberId, String accessToken, String wabaId) {
		String registration = "{\"phone_number_id\":\"" + phoneNumberId
				+ "\",\"display_phone_number\":\"+15550009999\",\"access_token\":\"" + accessToken + "\",\"waba_id\":\""
				+ wabaId + "\"}";
		try {
			HttpResponse<String> response = client
				.send(HttpRequest.newBuilder(simulator.baseUrl().resolve("/_sim/numbers"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(registration))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("the simulator took the number").isBetween(200, 299);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
