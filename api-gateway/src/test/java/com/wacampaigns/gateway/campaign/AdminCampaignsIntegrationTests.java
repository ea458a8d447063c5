package com.wacampaigns.gateway.campaign;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.gateway.GatewayIntegrationTest;
import com.wacampaigns.gateway.Http;
import com.wacampaigns.gateway.TestAccounts;
import com.wacampaigns.gateway.TestAccounts.Account;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API over every user's campaigns, the history of who changed what, the
 * multipart create, and the console pages that share paths with the API.
 */
@GatewayIntegrationTest
class AdminCampaignsIntegrationTests {

	@Autowired
	private Http http;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TestAccounts accounts;

	/** The campaigns' owner, new for each test. */
	@Autowired
	private Account owner;

	private String adminToken;

	@BeforeEach
	void logInAsAnAdmin() {
		this.adminToken = this.accounts.newAdmin().token();
	}

	@Test
	void shouldRefuseEveryAdminEndpointToAUser() {
		UUID campaign = campaign("RUNNING");
		assertThat(this.http.get("/admin/campaigns", this.owner.token()).statusCode()).isEqualTo(403);
		assertThat(this.http.get("/admin/campaigns/stats", this.owner.token()).statusCode()).isEqualTo(403);
		assertThat(this.http.get("/admin/campaigns/" + campaign, this.owner.token()).statusCode()).isEqualTo(403);
		assertThat(this.http.post("/admin/campaigns/" + campaign + "/pause", this.owner.token(), "{}").statusCode())
			.isEqualTo(403);
		assertThat(this.http
			.post("/admin/campaigns/bulk", this.owner.token(), "{\"action\":\"pause\",\"ids\":[\"" + campaign + "\"]}")
			.statusCode()).isEqualTo(403);
		assertThat(this.http.get("/admin/campaigns", null).statusCode()).isEqualTo(401);
		assertThat(status(campaign)).as("nothing changed").isEqualTo("RUNNING");
	}

	@Test
	void shouldListEveryonesCampaignsNewestFirstWithFiltersAndTotals() {
		List<UUID> mine = new ArrayList<>();
		for (int i = 0; i < 23; i++) {
			mine.add(campaign((i % 2 == 0) ? "RUNNING" : "DRAFT"));
		}
		long utility = this.accounts.seeder()
			.template()
			.owner(this.owner.id())
			.name("u-" + UUID.randomUUID())
			.body("Code {{1}} {{2}}")
			.category("UTILITY")
			.create();
		UUID utilityCampaign = this.accounts.seeder()
			.campaign()
			.owner(this.owner.id())
			.template(utility)
			.sender(this.owner.senderId())
			.status("PAUSED")
			.rateLimit(80)
			.maxWorkers(10)
			.recipients(3)
			.create();

		JsonNode firstPage = Http.json(this.http.get("/admin/campaigns?user_id=" + this.owner.id(), this.adminToken));
		JsonNode secondPage = Http
			.json(this.http.get("/admin/campaigns?user_id=" + this.owner.id() + "&page=1", this.adminToken));
		JsonNode running = Http
			.json(this.http.get("/admin/campaigns?status=running&user_id=" + this.owner.id(), this.adminToken));
		JsonNode byType = Http
			.json(this.http.get("/admin/campaigns?type=UTILITY&q=" + this.owner.username(), this.adminToken));

		assertThat(firstPage.get("total").asLong()).isEqualTo(24);
		assertThat(firstPage.get("items")).hasSize(20);
		assertThat(secondPage.get("items")).hasSize(4);
		assertThat(firstPage.get("items").get(0).get("id").asString()).as("newest first")
			.isEqualTo(utilityCampaign.toString());
		JsonNode item = firstPage.get("items").get(1);
		assertThat(item.get("username").asString()).isEqualTo(this.owner.username());
		assertThat(item.get("type").asString()).isEqualTo("MARKETING");
		assertThat(item.get("template_name").asString()).startsWith("t-");
		assertThat(item.get("total_recipients").asInt()).isEqualTo(5);
		assertThat(running.get("total").asLong()).isEqualTo(12);
		assertThat(running.get("items").valueStream().map((c) -> c.get("status").asString())).containsOnly("RUNNING");
		assertThat(byType.get("total").asLong()).isEqualTo(1);
		assertThat(byType.get("items").get(0).get("type").asString()).isEqualTo("UTILITY");
		HttpResponse<String> badType = this.http.get("/admin/campaigns?type=PROMO", this.adminToken);
		assertThat(badType.statusCode()).isEqualTo(400);
		assertThat(Http.json(badType).get("errors").get(0).get("field").asString()).isEqualTo("type");
	}

	@Test
	void shouldRecordWhoPausedResumedAndCancelledAndWhy() {
		UUID campaign = campaign("RUNNING");

		HttpResponse<String> paused = this.http.post("/admin/campaigns/" + campaign + "/pause", this.adminToken,
				"{\"reason\":\"Complaints from recipients\"}");
		HttpResponse<String> resumed = this.http.post("/admin/campaigns/" + campaign + "/resume", this.adminToken,
				"{}");
		HttpResponse<String> cancelled = this.http.post("/admin/campaigns/" + campaign + "/cancel", this.adminToken,
				"{\"reason\":\"Wrong audience\"}");
		HttpResponse<String> again = this.http.post("/admin/campaigns/" + campaign + "/pause", this.adminToken, "{}");

		assertThat(Http.json(paused).get("status").asString()).isEqualTo("PAUSED");
		assertThat(Http.json(paused).get("status_reason").asString())
			.isEqualTo("Paused by an admin: Complaints from recipients");
		assertThat(Http.json(resumed).get("status").asString()).isEqualTo("RUNNING");
		assertThat(Http.json(cancelled).get("status").asString()).isEqualTo("STOPPED");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(Http.json(again).get("current_status").asString()).isEqualTo("STOPPED");

		JsonNode history = Http.json(this.http.get("/campaigns/" + campaign + "/history", this.owner.token()));
		List<String> lines = new ArrayList<>();
		history.forEach((entry) -> lines.add(entry.get("action").asString() + " " + entry.get("from_status").asString()
				+ "→" + entry.get("to_status").asString() + " " + entry.get("reason").asString()));
		assertThat(lines).containsExactly("create →RUNNING Seeded", "pause RUNNING→PAUSED Complaints from recipients",
				"resume PAUSED→RUNNING ", "cancel RUNNING→STOPPED Wrong audience");
		assertThat(history.get(1).get("actor_name").asString()).startsWith("admin-");
		String stranger = this.accounts.newLogin().token();
		assertThat(this.http.get("/campaigns/" + campaign + "/history", stranger).statusCode()).isEqualTo(404);
	}

	@Test
	void shouldReportEachIdOfABulkActionOnItsOwn() {
		UUID running = campaign("RUNNING");
		UUID draft = campaign("DRAFT");
		UUID unknown = UUID.randomUUID();

		JsonNode result = Http.json(this.http.post("/admin/campaigns/bulk", this.adminToken,
				"{\"action\":\"pause\",\"ids\":[\"%s\",\"%s\",\"%s\"],\"reason\":\"Audit\"}".formatted(running, draft,
						unknown)));
		HttpResponse<String> badAction = this.http.post("/admin/campaigns/bulk", this.adminToken,
				"{\"action\":\"explode\",\"ids\":[\"" + running + "\"]}");

		JsonNode items = result.get("results");
		assertThat(items.get(0).get("ok").asBoolean()).isTrue();
		assertThat(items.get(0).get("status").asString()).isEqualTo("PAUSED");
		assertThat(items.get(1).get("ok").asBoolean()).isFalse();
		assertThat(items.get(1).get("status").asString()).isEqualTo("DRAFT");
		assertThat(items.get(2).get("ok").asBoolean()).isFalse();
		assertThat(items.get(2).get("error").asString()).contains("No campaign");
		assertThat(status(running)).isEqualTo("PAUSED");
		assertThat(status(draft)).isEqualTo("DRAFT");
		assertThat(badAction.statusCode()).isEqualTo(400);
	}

	@Test
	void shouldRefuseAnAdminsResumeWhileTheSenderIsDisconnected() {
		UUID paused = campaign("PAUSED");
		this.jdbc.sql("UPDATE senders SET status = 'DISCONNECTED' WHERE id = :id")
			.param("id", this.owner.senderId())
			.update();

		JsonNode shown = Http.json(this.http.get("/admin/campaigns/" + paused, this.adminToken));
		HttpResponse<String> one = this.http.post("/admin/campaigns/" + paused + "/resume", this.adminToken, "{}");
		JsonNode bulk = Http.json(this.http.post("/admin/campaigns/bulk", this.adminToken,
				"{\"action\":\"resume\",\"ids\":[\"" + paused + "\"]}"));

		assertThat(shown.get("allowed_actions").valueStream().map(JsonNode::asString)).contains("resume", "cancel");
		assertThat(one.statusCode()).isEqualTo(409);
		assertThat(Http.json(one).get("current_status").asString()).isEqualTo("PAUSED");
		assertThat(Http.json(one).get("detail").asString()).contains("Connect a WhatsApp number before resuming");
		JsonNode item = bulk.get("results").get(0);
		assertThat(item.get("ok").asBoolean()).isFalse();
		assertThat(item.get("status").asString()).isEqualTo("PAUSED");
		assertThat(item.get("error").asString()).contains("Connect a WhatsApp number before resuming");
		assertThat(status(paused)).isEqualTo("PAUSED");
	}

	@Test
	void shouldSumTheCountersAndTheDaysVolumeWithoutCountingRecipients() {
		JsonNode before = stats();
		UUID campaign = campaign("RUNNING");
		this.jdbc.sql("""
				UPDATE campaign_recipients SET status = 'FAILED', failed_at = now(), error_code = 131026,
				       error_message = 'Message undeliverable'
				WHERE campaign_id = :id AND sequence <= 2""").param("id", campaign).update();
		this.jdbc.sql("UPDATE campaigns SET sent = 3, failed = 2, pending = 0 WHERE id = :id")
			.param("id", campaign)
			.update();
		this.jdbc
			.sql("INSERT INTO message_volume VALUES (current_date, 'SENT', 99, 3), (current_date, 'FAILED', 99, 2)")
			.update();

		JsonNode after = stats();

		assertThat(after.get("campaigns_by_status").get("RUNNING").asLong()
				- before.get("campaigns_by_status").path("RUNNING").asLong(0))
			.isEqualTo(1);
		assertThat(after.get("messages").get("sent").asLong() - before.get("messages").get("sent").asLong())
			.isEqualTo(3);
		assertThat(after.get("messages").get("failed").asLong() - before.get("messages").get("failed").asLong())
			.isEqualTo(2);
		assertThat(after.get("today").get("sent").asLong() - before.get("today").get("sent").asLong()).isEqualTo(3);
		assertThat(after.get("this_week").get("failed").asLong() - before.get("this_week").get("failed").asLong())
			.isEqualTo(2);
		assertThat(after.get("failure_rate").asDouble()).isBetween(0.0, 1.0).isPositive();
		assertThat(after.get("top_error_codes").get(0).get("code").asInt()).isEqualTo(131026);
		assertThat(after.get("total_campaigns").asLong()).isGreaterThan(0);
	}

	@Test
	void shouldCreateACampaignFromAJsonPartAndACsvPartReportingBadLines() {
		Map<String, Http.Part> parts = new LinkedHashMap<>();
		parts.put("campaign", new Http.Part("application/json", """
				{"name": "From CSV", "user_id": "%s", "template_id": %d, "rate_limit": 50, "max_workers": 5}"""
			.formatted(this.owner.id(), this.owner.templateId())));
		parts.put("file", new Http.Part("text/csv",
				"phone,name,1,2\r\n+919812300001,Ana,a,1\r\n12,Bad,b,2\r\n+919812300002,Ben,c,3\r\n"));

		HttpResponse<String> created = this.http.multipart("/campaigns/create", this.owner.token(), parts);

		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode body = Http.json(created);
		assertThat(body.get("campaign").get("status").asString()).isEqualTo("DRAFT");
		assertThat(body.get("campaign").get("total_recipients").asInt()).isEqualTo(2);
		assertThat(body.get("campaign").get("rate_limit").asInt()).isEqualTo(50);
		assertThat(body.get("import").get("imported").asLong()).isEqualTo(2);
		assertThat(body.get("import").get("rejected").asLong()).isEqualTo(1);
		assertThat(body.get("import").get("errors").get(0).get("line").asLong()).isEqualTo(3);
	}

	@Test
	void shouldLeaveNoCampaignWhenTheCsvPartIsRefusedOrTheSettingsAreInvalid() {
		Map<String, Http.Part> badFile = new LinkedHashMap<>();
		badFile.put("campaign",
				new Http.Part("application/json",
						"{\"name\": \"No phone column\", \"user_id\": \"%s\", \"template_id\": %d}"
							.formatted(this.owner.id(), this.owner.templateId())));
		badFile.put("file", new Http.Part("text/csv", "name,1,2\r\nAna,a,1\r\n"));
		Map<String, Http.Part> badSettings = new LinkedHashMap<>();
		badSettings.put("campaign",
				new Http.Part("application/json",
						"{\"name\": \"\", \"user_id\": \"%s\", \"template_id\": %d, \"rate_limit\": 0}"
							.formatted(this.owner.id(), this.owner.templateId())));
		badSettings.put("file", new Http.Part("text/csv", "phone,name,1,2\r\n+919812300001,Ana,a,1\r\n"));

		HttpResponse<String> refusedFile = this.http.multipart("/campaigns/create", this.owner.token(), badFile);
		HttpResponse<String> refusedSettings = this.http.multipart("/campaigns/create", this.owner.token(),
				badSettings);

		assertThat(refusedFile.statusCode()).isEqualTo(400);
		assertThat(refusedSettings.statusCode()).isEqualTo(400);
		assertThat(Http.json(refusedSettings).get("errors").valueStream().map((e) -> e.get("field").asString()))
			.contains("name", "rate_limit");
		assertThat(this.jdbc.sql("SELECT count(*) FROM campaigns WHERE user_id = :id")
			.param("id", this.owner.id())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void shouldServeTheConsolePagesToBrowsersAndTheApiToEveryoneElse() {
		HttpResponse<String> page = this.http.getAccepting("/admin/campaigns",
				"text/html,application/xhtml+xml,*/*;q=0.8");
		HttpResponse<String> userPage = this.http.getAccepting("/whatsapp/campaigns", "text/html");
		HttpResponse<String> login = this.http.getAccepting("/login", "text/html");
		HttpResponse<String> keysPage = this.http.getAccepting("/api-keys", "text/html");
		HttpResponse<String> api = this.http.getAccepting("/admin/campaigns", "*/*");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<html").contains("/console/admin.js");
		assertThat(page.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((csp) -> assertThat(csp).contains("default-src 'self'"));
		assertThat(userPage.body()).contains("/console/campaigns.js");
		assertThat(login.body()).contains("/console/login.js");
		assertThat(keysPage.body()).contains("/console/keys.js");
		assertThat(api.statusCode()).as("no token, no list").isEqualTo(401);
	}

	private UUID campaign(String status) {
		UUID id = this.accounts.campaign(this.owner)
			.sender(this.owner.senderId())
			.status(status)
			.rateLimit(80)
			.maxWorkers(10)
			.recipients(5)
			.create();
		// The seeder inserts rows directly; the history trigger records them as created.
		this.jdbc.sql("UPDATE campaign_history SET reason = 'Seeded' WHERE campaign_id = :id AND action = 'create'")
			.param("id", id)
			.update();
		return id;
	}

	private String status(UUID campaign) {
		return this.jdbc.sql("SELECT status FROM campaigns WHERE id = :id")
			.param("id", campaign)
			.query(String.class)
			.single();
	}

	private JsonNode stats() {
		return Http.json(this.http.get("/admin/campaigns/stats", this.adminToken));
	}

}
