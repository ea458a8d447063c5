package com.wacampaigns.gateway.campaign;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import com.wacampaigns.common.Topics;
import com.wacampaigns.gateway.Http;
import com.wacampaigns.gateway.NewUserIntegrationTest;
import com.wacampaigns.localstack.Infrastructure;
import com.wacampaigns.localstack.Seeder;
import com.wacampaigns.localstack.TopicProbe;

import static org.assertj.core.api.Assertions.assertThat;

class CampaignApiIntegrationTests extends NewUserIntegrationTest {

	@LocalServerPort
	private int port;

	@Test
	void shouldCreateADraftFromTheSeedsJson() {
		HttpResponse<String> response = this.http.post("/campaigns/create", this.user.token(), """
				{
				  "name": "Black Friday",
				  "description": "Seed quick start",
				  "user_id": "%s",
				  "template_id": %d,
				  "recipients": [
				    {"phone": "+919812345678", "name": "Ana", "parameters": {"1": "Ana", "2": "A-1"}},
				    {"phone": "9812345679", "name": "Ben", "parameters": {"1": "Ben", "2": "A-2"}},
				    {"phone": "+91 98123 45678", "name": "Ana again", "parameters": {"1": "Ana", "2": "A-3"}}
				  ],
				  "max_workers": 10,
				  "rate_limit": 100
				}""".formatted(this.user.id(), this.user.templateId()));

		assertThat(response.statusCode()).isEqualTo(201);
		JsonNode campaign = Http.json(response);
		assertThat(response.headers().firstValue("Location")).contains("/campaigns/" + campaign.get("id").asString());
		assertThat(campaign.get("status").asString()).isEqualTo("DRAFT");
		assertThat(campaign.get("total_recipients").asInt()).as("the repeated number is kept once").isEqualTo(2);
		assertThat(campaign.get("pending").asInt()).isEqualTo(2);
		assertThat(campaign.get("sent").asInt()).isZero();
		assertThat(campaign.get("rate_limit").asInt()).isEqualTo(100);
		assertThat(this.jdbc.sql("SELECT full_phone FROM campaign_recipients WHERE campaign_id = :id ORDER BY sequence")
			.param("id", UUID.fromString(campaign.get("id").asString()))
			.query(String.class)
			.list()).as("normalised to E.164 in the user's region").containsExactly("+919812345678", "+919812345679");
	}

	/**
	 * The README's import flow: a JSON create without recipients (or with none) makes a
	 * DRAFT, filled by a CSV import; sending it before is refused with the reason.
	 */
	@Test
	void shouldCreateADraftWithoutRecipientsToBeFilledByACsvImport() {
		HttpResponse<String> without = this.http.post("/campaigns/create", this.user.token(), """
				{"name": "Filled later", "user_id": "%s", "template_id": %d}""".formatted(this.user.id(),
				this.user.templateId()));
		HttpResponse<String> empty = this.http.post("/campaigns/create", this.user.token(), """
				{"name": "Filled later too", "user_id": "%s", "template_id": %d, "recipients": []}"""
			.formatted(this.user.id(), this.user.templateId()));

		assertThat(without.statusCode()).isEqualTo(201);
		assertThat(empty.statusCode()).isEqualTo(201);
		JsonNode draft = Http.json(without);
		assertThat(draft.get("status").asString()).isEqualTo("DRAFT");
		assertThat(draft.get("total_recipients").asInt()).isZero();
		String id = draft.get("id").asString();
		HttpResponse<String> tooSoon = this.http.post("/campaigns/" + id + "/send", this.user.token(), "");
		assertThat(tooSoon.statusCode()).isEqualTo(409);
		assertThat(Http.json(tooSoon).get("detail").asString()).contains("has no recipients");

		HttpResponse<String> imported = this.http.post("/campaigns/" + id + "/recipients",
				Map.of("Authorization", "Bearer " + this.user.token(), "Content-Type", "text/csv"),
				"phone,name,1,2\n+919812345678,Ana,Ana,A-1\n+919812345679,Ben,Ben,A-2\n"
					.getBytes(StandardCharsets.UTF_8));
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
		assertThat(Http.json(this.http.get("/campaigns/" + id, this.user.token())).get("total_recipients").asInt())
			.isEqualTo(2);
	}

	@Test
	void shouldNameEveryInvalidRecipientAndWriteNothing() {
		HttpResponse<String> response = this.http.post("/campaigns/create", this.user.token(), """
				{"name": "Bad", "user_id": "%s", "template_id": %d, "recipients": [
				  {"phone": "+919812345678", "parameters": {"1": "Ana", "2": "A-1"}},
				  {"phone": "12", "parameters": {"1": "Ben", "2": "A-2"}},
				  {"phone": "+919812345679", "parameters": {"1": "Cy"}}
				]}""".formatted(this.user.id(), this.user.templateId()));

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = Http.json(response);
		assertThat(problem.get("detail").asString()).startsWith("2 of 3 recipients are invalid");
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("recipients[1].phone");
		assertThat(problem.get("errors").get(0).get("rejected_value").asString()).isEqualTo("12");
		assertThat(problem.get("errors").get(1).get("field").asString()).isEqualTo("recipients[2].parameters");
		assertThat(campaignsOfUser()).isZero();
	}

	@Test
	void shouldExplainValidationErrorsAndMalformedJson() {
		HttpResponse<String> invalid = this.http.post("/campaigns/create", this.user.token(), """
				{"name": "", "user_id": "%s", "template_id": %d, "rate_limit": 5000,
				 "recipients": [{"phone": "+919812345678"}]}""".formatted(this.user.id(), this.user.templateId()));
		HttpResponse<String> malformed = this.http.post("/campaigns/create", this.user.token(), "{\"name\": ");

		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(Http.json(invalid).get("errors").valueStream().map((error) -> error.get("field").asString()))
			.contains("name", "rate_limit");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(Http.json(malformed).get("detail").asString()).startsWith("The request body is not valid JSON");
		assertThat(campaignsOfUser()).isZero();
	}

	@Test
	void shouldRefuseToCreateForAnotherUser() {
		UUID other = this.accounts.seeder().user().create();
		HttpResponse<String> response = this.http.post("/campaigns/create", this.user.token(), """
				{"name": "Not mine", "user_id": "%s", "template_id": %d,
				 "recipients": [{"phone": "+919812345678", "parameters": {"1": "a", "2": "b"}}]}""".formatted(other,
				this.user.templateId()));

		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void shouldOnlySendApprovedTemplatesAndOnlyOnce() {
		long pending = this.accounts.seeder().template().owner(this.user.id()).status("PENDING").create();
		UUID unapproved = this.accounts.seeder()
			.campaign()
			.owner(this.user.id())
			.template(pending)
			.recipients(1)
			.create();
		UUID approved = this.accounts.campaign(this.user).recipients(1).create();
		this.jdbc.sql(
				"UPDATE campaigns SET sender_id = (SELECT id FROM senders WHERE user_id = :user) WHERE user_id = :user")
			.param("user", this.user.id())
			.update();

		assertThat(this.http.post("/campaigns/" + unapproved + "/send", this.user.token(), "").statusCode())
			.isEqualTo(409);
		assertThat(this.http.post("/campaigns/" + approved + "/send", this.user.token(), "").statusCode())
			.isEqualTo(200);
		HttpResponse<String> again = this.http.post("/campaigns/" + approved + "/send", this.user.token(), "");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(Http.json(again).get("detail").asString()).contains("RUNNING");
	}

	@Test
	void shouldHoldAScheduledCampaignUntilItsTime() {
		UUID campaign = this.accounts.campaign(this.user).recipients(5).create();
		this.jdbc.sql("""
				UPDATE campaigns SET sender_id = (SELECT id FROM senders WHERE user_id = :user),
				                     scheduled_at = now() + interval '2 seconds'
				WHERE id = :id""").param("user", this.user.id()).param("id", campaign).update();

		JsonNode sent = Http.json(this.http.post("/campaigns/" + campaign + "/send", this.user.token(), ""));

		assertThat(sent.get("status").asString()).isEqualTo("SCHEDULED");
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> "RUNNING".equals(
					Http.json(this.http.get("/campaigns/" + campaign, this.user.token())).get("status").asString()));
	}

	@Test
	void shouldAllowOnlyLegalStatusChanges() {
		UUID campaign = this.accounts.campaign(this.user).status("RUNNING").recipients(5).create();

		HttpResponse<String> resume = this.http.post("/campaigns/" + campaign + "/status", this.user.token(),
				"{\"status\":\"resume\"}");
		HttpResponse<String> pause = this.http.post("/campaigns/" + campaign + "/status", this.user.token(),
				"{\"status\":\"pause\"}");
		HttpResponse<String> stop = this.http.post("/campaigns/" + campaign + "/status", this.user.token(),
				"{\"status\":\"stop\"}");
		HttpResponse<String> again = this.http.post("/campaigns/" + campaign + "/status", this.user.token(),
				"{\"status\":\"pause\"}");
		HttpResponse<String> nonsense = this.http.post("/campaigns/" + campaign + "/status", this.user.token(),
				"{\"status\":\"explode\"}");

		assertThat(resume.statusCode()).isEqualTo(409);
		assertThat(Http.json(resume).get("current_status").asString()).isEqualTo("RUNNING");
		assertThat(Http.json(pause).get("status").asString()).isEqualTo("PAUSED");
		assertThat(Http.json(stop).get("status").asString()).isEqualTo("STOPPED");
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(Http.json(again).get("current_status").asString()).isEqualTo("STOPPED");
		assertThat(Http.json(again).get("allowed_actions")).as("STOPPED is terminal").isEmpty();
		assertThat(nonsense.statusCode()).isEqualTo(400);
	}

	@Test
	void shouldScheduleAResumedCampaignAgainWhenItsTimeHasNotCome() {
		UUID campaign = this.accounts.campaign(this.user).sender(this.user.senderId()).recipients(3).create();
		this.jdbc.sql("UPDATE campaigns SET scheduled_at = now() + interval '5 years' WHERE id = :id")
			.param("id", campaign)
			.update();

		JsonNode sent = Http.json(this.http.post("/campaigns/" + campaign + "/send", this.user.token(), ""));
		JsonNode paused = Http
			.json(this.http.post("/campaigns/" + campaign + "/status", this.user.token(), "{\"status\":\"pause\"}"));
		JsonNode resumed = Http
			.json(this.http.post("/campaigns/" + campaign + "/status", this.user.token(), "{\"status\":\"resume\"}"));

		assertThat(List.of(sent, paused, resumed)).extracting((c) -> c.get("status").asString())
			.containsExactly("SCHEDULED", "PAUSED", "SCHEDULED");
		assertThat(resumed.get("started_at").isNull()).as("not started before its time").isTrue();
		assertThat(resumed.get("allowed_actions").valueStream().map(JsonNode::asString)).containsExactly("pause",
				"stop", "cancel");
		assertThat(Http.json(this.http.get("/campaigns/" + campaign, this.user.token())).get("status").asString())
			.isEqualTo("SCHEDULED");
	}

	@Test
	void shouldRefuseToResumeWhileTheSenderIsDisconnected() {
		UUID campaign = this.accounts.campaign(this.user)
			.sender(this.user.senderId())
			.status("PAUSED")
			.recipients(3)
			.create();
		this.jdbc.sql("UPDATE senders SET status = 'DISCONNECTED' WHERE id = :id")
			.param("id", this.user.senderId())
			.update();

		HttpResponse<String> refused = this.http.post("/campaigns/" + campaign + "/status", this.user.token(),
				"{\"status\":\"resume\"}");
		String statusAfterRefusal = campaignStatus(campaign);
		this.jdbc.sql("UPDATE senders SET status = 'CONNECTED' WHERE id = :id")
			.param("id", this.user.senderId())
			.update();
		HttpResponse<String> resumed = this.http.post("/campaigns/" + campaign + "/status", this.user.token(),
				"{\"status\":\"resume\"}");

		assertThat(refused.statusCode()).isEqualTo(409);
		JsonNode problem = Http.json(refused);
		assertThat(problem.get("current_status").asString()).isEqualTo("PAUSED");
		assertThat(problem.get("detail").asString())
			.isEqualTo("Connect a WhatsApp number before resuming (POST /whatsapp/connect)");
		assertThat(statusAfterRefusal).isEqualTo("PAUSED");
		assertThat(resumed.statusCode()).isEqualTo(200);
		assertThat(Http.json(resumed).get("status").asString()).isEqualTo("RUNNING");
	}

	@Test
	void shouldCompleteAScheduledCampaignWithNothingPendingWhenItsTimeComes() {
		this.http.post("/suppressions", this.user.token(), "{\"phone\":\"+919812345678\"}");
		this.http.post("/suppressions", this.user.token(), "{\"phone\":\"+919812345679\"}");
		HttpResponse<String> created = this.http.post("/campaigns/create", this.user.token(), """
				{"name": "Everyone opted out", "user_id": "%s", "template_id": %d, "scheduled_at": "%s",
				 "recipients": [{"phone": "+919812345678", "parameters": {"1": "Ana", "2": "A-1"}},
				                {"phone": "+919812345679", "parameters": {"1": "Ben", "2": "A-2"}}]}"""
			.formatted(this.user.id(), this.user.templateId(), OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(3)));
		assertThat(created.statusCode()).isEqualTo(201);
		String id = Http.json(created).get("id").asString();
		assertThat(Http.json(created).get("pending").asInt()).isZero();
		assertThat(Http.json(created).get("skipped").asInt()).isEqualTo(2);

		JsonNode sent = Http.json(this.http.post("/campaigns/" + id + "/send", this.user.token(), ""));

		assertThat(sent.get("status").asString()).isEqualTo("SCHEDULED");
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.until(() -> "COMPLETED"
				.equals(Http.json(this.http.get("/campaigns/" + id, this.user.token())).get("status").asString()));
		JsonNode completed = Http.json(this.http.get("/campaigns/" + id, this.user.token()));
		assertThat(completed.get("completed_at").isNull()).isFalse();
		assertThat(completed.get("allowed_actions").valueStream().map(JsonNode::asString))
			.containsExactly("retry-failed");
	}

	@Test
	void shouldSayInEvery409WhatTheCampaignIsAndAllows() {
		UUID running = this.accounts.campaign(this.user)
			.sender(this.user.senderId())
			.status("RUNNING")
			.recipients(2)
			.create();
		UUID draft = this.accounts.campaign(this.user).sender(this.user.senderId()).recipients(2).create();

		List<HttpResponse<String>> onRunning = List.of(
				this.http.post("/campaigns/" + running + "/send", this.user.token(), ""),
				this.http.delete("/campaigns/" + running, this.user.token(), null),
				this.http.post("/campaigns/" + running + "/status", this.user.token(), "{\"status\":\"resume\"}"));
		List<HttpResponse<String>> onDraft = List.of(
				this.http.post("/campaigns/" + draft + "/retry-failed", this.user.token(), ""),
				this.http.post("/campaigns/" + draft + "/status", this.user.token(), "{\"status\":\"pause\"}"));

		for (HttpResponse<String> response : onRunning) {
			assertThat(response.statusCode()).isEqualTo(409);
			assertThat(Http.json(response).get("current_status").asString()).isEqualTo("RUNNING");
			assertThat(Http.json(response).get("allowed_actions").valueStream().map(JsonNode::asString))
				.containsExactly("pause", "stop", "cancel", "retry-failed");
		}
		for (HttpResponse<String> response : onDraft) {
			assertThat(response.statusCode()).isEqualTo(409);
			assertThat(Http.json(response).get("current_status").asString()).isEqualTo("DRAFT");
			assertThat(Http.json(response).get("allowed_actions").valueStream().map(JsonNode::asString))
				.containsExactly("send", "stop", "cancel", "delete");
		}
	}

	@Test
	void shouldShowWhatEachCampaignAllowsAndTheWholeLifecycle() {
		UUID paused = this.accounts.campaign(this.user)
			.sender(this.user.senderId())
			.status("PAUSED")
			.recipients(1)
			.create();

		JsonNode campaign = Http.json(this.http.get("/campaigns/" + paused, this.user.token()));
		JsonNode listed = Http.json(this.http.get("/campaigns?status=paused", this.user.token())).get(0);
		HttpResponse<String> lifecycle = this.http.get("/campaigns/lifecycle", this.user.token());

		assertThat(campaign.get("allowed_actions").valueStream().map(JsonNode::asString)).containsExactly("resume",
				"stop", "cancel", "retry-failed");
		assertThat(listed.get("allowed_actions")).isEqualTo(campaign.get("allowed_actions"));
		assertThat(lifecycle.statusCode()).isEqualTo(200);
		JsonNode table = Http.json(lifecycle);
		assertThat(table.get("statuses").get("PAUSED").get("allowed_actions"))
			.isEqualTo(campaign.get("allowed_actions"));
		assertThat(table.get("statuses").get("PAUSED").get("next").valueStream().map(JsonNode::asString))
			.containsExactly("SCHEDULED", "RUNNING", "COMPLETED", "STOPPED");
		assertThat(table.get("statuses").get("STOPPED").get("allowed_actions")).isEmpty();
		assertThat(table.get("statuses").get("STOPPED").get("terminal").asBoolean()).isTrue();
		assertThat(table.get("actions").get("retry-failed").get("allowed_from").valueStream().map(JsonNode::asString))
			.containsExactly("RUNNING", "PAUSED", "COMPLETED");
		assertThat(this.http.get("/campaigns/lifecycle", null).statusCode()).isEqualTo(401);
	}

	/**
	 * The seed's client lists with {@code GET /campaigns?user_id=X} and reads a JSON
	 * array; the paging is in the headers.
	 */
	@Test
	void shouldListTheCallersCampaignsNewestFirstAsAnArrayWithPagingHeadersAndRefuseAnotherUsers() {
		UUID first = this.accounts.campaign(this.user).recipients(1).create();
		UUID second = this.accounts.campaign(this.user).status("RUNNING").recipients(1).create();
		UUID third = this.accounts.campaign(this.user).recipients(1).create();
		UUID other = this.accounts.seeder().user().create();

		HttpResponse<String> firstPage = this.http.get("/campaigns?user_id=" + this.user.id() + "&size=2",
				this.user.token());
		long total = Long.parseLong(firstPage.headers().firstValue("X-Total-Count").orElseThrow());
		HttpResponse<String> lastPage = this.http
			.get("/campaigns?user_id=" + this.user.id() + "&size=2&page=" + ((total - 1) / 2), this.user.token());
		JsonNode running = Http.json(this.http.get("/campaigns?status=running", this.user.token()));

		assertThat(total).isGreaterThanOrEqualTo(3);
		JsonNode page = Http.json(firstPage);
		assertThat(page.isArray()).isTrue();
		assertThat(page.valueStream().map((c) -> c.get("id").asString())).containsExactly(third.toString(),
				second.toString());
		assertThat(firstPage.headers().firstValue("Link").orElseThrow()).contains("page=0>; rel=\"first\"")
			.contains("page=1>; rel=\"next\"")
			.contains("page=" + ((total - 1) / 2) + ">; rel=\"last\"")
			.contains("user_id=" + this.user.id())
			.doesNotContain("rel=\"prev\"");
		assertThat(lastPage.headers().firstValue("Link").orElseThrow()).contains("rel=\"prev\"")
			.doesNotContain("rel=\"next\"");
		assertThat(Http.json(lastPage).valueStream().map((c) -> c.get("id").asString())).contains(first.toString());
		assertThat(running.valueStream().map((c) -> c.get("status").asString())).containsOnly("RUNNING");
		assertThat(this.http.get("/campaigns?user_id=" + other, this.user.token()).statusCode()).isEqualTo(403);
		assertThat(this.http.get("/campaigns?status=sleeping", this.user.token()).statusCode()).isEqualTo(400);
		assertThat(this.http.get("/campaigns?size=500", this.user.token()).statusCode()).isEqualTo(400);
	}

	@Test
	void shouldShowWhoFailedAndWhyAndExportEveryRecipient() {
		UUID campaign = this.accounts.campaign(this.user).status("RUNNING").recipients(5).create();
		this.jdbc.sql("""
				UPDATE campaign_recipients
				SET status = 'FAILED', error_code = 131026, error_message = 'Message undeliverable', failed_at = now()
				WHERE campaign_id = :id AND sequence IN (2, 4)""").param("id", campaign).update();

		JsonNode failed = Http
			.json(this.http.get("/campaigns/" + campaign + "/recipients?status=failed", this.user.token()));
		HttpResponse<String> csv = this.http.get("/campaigns/" + campaign + "/recipients.csv", this.user.token());

		assertThat(failed.get("items")).hasSize(2);
		assertThat(failed.get("items").get(0).get("error_code").asInt()).isEqualTo(131026);
		assertThat(failed.get("items").get(0).get("error_message").asString()).isEqualTo("Message undeliverable");
		assertThat(failed.get("items").get(0).get("phone").asString()).isEqualTo(Seeder.phone(2));
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.body().lines()).hasSize(6).first().asString().startsWith("sequence,phone,name,status");
		assertThat(csv.body()).contains("131026,Message undeliverable");
	}

	@Test
	void shouldRetryOnlyFailuresThatMayPass() {
		UUID campaign = this.accounts.campaign(this.user).status("COMPLETED").recipients(3).create();
		this.jdbc.sql("""
				UPDATE campaign_recipients
				SET status = 'FAILED', failed_at = now(), retry_count = 4,
				    error_code = CASE sequence WHEN 1 THEN 130429 WHEN 2 THEN 131026 ELSE NULL END
				WHERE campaign_id = :id AND sequence IN (1, 2)""").param("id", campaign).update();
		this.jdbc.sql("UPDATE campaigns SET failed = 2, pending = 1 WHERE id = :id").param("id", campaign).update();

		JsonNode result = Http.json(this.http.post("/campaigns/" + campaign + "/retry-failed", this.user.token(), ""));

		assertThat(result.get("retried").asInt()).isEqualTo(1);
		assertThat(result.get("campaign").get("failed").asInt()).isEqualTo(1);
		assertThat(result.get("campaign").get("pending").asInt()).isEqualTo(2);
		assertThat(result.get("campaign").get("status").asString()).isEqualTo("RUNNING");
		assertThat(
				this.jdbc.sql("SELECT retry_count FROM campaign_recipients WHERE campaign_id = :id ORDER BY sequence")
					.param("id", campaign)
					.query(Integer.class)
					.list())
			.as("the retried one gets a fresh set of attempts")
			.containsExactly(0, 4, 0);
	}

	@Test
	void shouldDeleteOnlyADraft() {
		UUID draft = this.accounts.campaign(this.user).recipients(2).create();
		UUID running = this.accounts.campaign(this.user).status("RUNNING").recipients(2).create();

		this.jdbc.sql("INSERT INTO import_errors (campaign_id, line, value, reason) VALUES (:id, 2, '12', 'bad')")
			.param("id", draft)
			.update();

		assertThat(this.http.delete("/campaigns/" + draft, this.user.token(), null).statusCode()).isEqualTo(204);
		assertThat(this.http.get("/campaigns/" + draft, this.user.token()).statusCode()).isEqualTo(404);
		assertThat(this.http.delete("/campaigns/" + running, this.user.token(), null).statusCode()).isEqualTo(409);
		// No foreign key holds these rows (it made COPY twice as slow): the deletion
		// takes them.
		assertThat(this.jdbc.sql("""
				SELECT (SELECT count(*) FROM campaign_recipients WHERE campaign_id = :id)
				     + (SELECT count(*) FROM import_errors WHERE campaign_id = :id)""")
			.param("id", draft)
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("SELECT count(*) FROM campaign_recipients WHERE campaign_id = :id")
			.param("id", running)
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void shouldRunTheSeedsQuickStartSequence() {
		HttpResponse<String> created = this.http.post("/campaigns/create", this.user.token(), """
				{"name": "Quick start", "description": "The seed's curl sequence", "user_id": "%s", "template_id": %d,
				 "recipients": [{"phone": "+919812345678", "name": "Ana", "parameters": {"1": "Ana", "2": "A-1"}}],
				 "max_workers": 10, "rate_limit": 80}""".formatted(this.user.id(), this.user.templateId()));
		assertThat(created.statusCode()).isEqualTo(201);
		String id = Http.json(created).get("id").asString();

		JsonNode listed = Http.json(this.http.get("/campaigns?user_id=" + this.user.id(), this.user.token()));
		JsonNode got = Http.json(this.http.get("/campaigns/" + id, this.user.token()));
		JsonNode sent = Http.json(this.http.post("/campaigns/" + id + "/send", this.user.token(), ""));
		JsonNode paused = Http
			.json(this.http.post("/campaigns/" + id + "/status", this.user.token(), "{\"status\":\"pause\"}"));
		JsonNode resumed = Http
			.json(this.http.post("/campaigns/" + id + "/status", this.user.token(), "{\"status\":\"resume\"}"));
		JsonNode stopped = Http
			.json(this.http.post("/campaigns/" + id + "/status", this.user.token(), "{\"status\":\"stop\"}"));

		assertThat(listed.isArray()).as("the seed's client reads an array").isTrue();
		assertThat(listed.valueStream().map((c) -> c.get("id").asString())).contains(id);
		assertThat(got.get("name").asString()).isEqualTo("Quick start");
		assertThat(List.of(sent, paused, resumed, stopped)).extracting((c) -> c.get("status").asString())
			.containsExactly("RUNNING", "PAUSED", "RUNNING", "STOPPED");
	}

	@Test
	void shouldReturnTheFirstCampaignWhenACreateIsRetriedWithTheSameIdempotencyKey() {
		String body = """
				{"name": "Once", "user_id": "%s", "template_id": %d,
				 "recipients": [{"phone": "+919812345678", "parameters": {"1": "a", "2": "b"}}]}"""
			.formatted(this.user.id(), this.user.templateId());
		String key = UUID.randomUUID().toString();

		HttpResponse<String> first = send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/campaigns"))
					.header("Idempotency-Key", key)
					.POST(HttpRequest.BodyPublishers.ofString(body)));
		HttpResponse<String> again = send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/campaigns"))
					.header("Idempotency-Key", key)
					.POST(HttpRequest.BodyPublishers.ofString(body)));

		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(Http.json(again).get("id").asString()).isEqualTo(Http.json(first).get("id").asString());
		assertThat(campaignsOfUser()).isEqualTo(1);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return HttpClient.newHttpClient()
				.send(request.header("Authorization", "Bearer " + this.user.token())
					.header("Content-Type", "application/json")
					.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void shouldFeedARunningCampaignInPacedWindows(Infrastructure infrastructure) {
		UUID campaign = this.accounts.campaign(this.user).recipients(200).create();
		this.jdbc.sql("UPDATE campaigns SET sender_id = (SELECT id FROM senders WHERE user_id = :user) WHERE id = :id")
			.param("user", this.user.id())
			.param("id", campaign)
			.update();
		try (TopicProbe dispatch = new TopicProbe(infrastructure.kafkaBootstrapServers(), Topics.CAMPAIGN_DISPATCH)) {
			assertThat(this.http.post("/campaigns/" + campaign + "/send", this.user.token(), "").statusCode())
				.isEqualTo(200);

			long early = ofCampaign(dispatch.pollFor(Duration.ofSeconds(1)), campaign);
			long later = ofCampaign(dispatch.pollFor(Duration.ofSeconds(2)), campaign);

			// 10 msg/s with a 2 s lookahead: about 20 at once, then about 10 a second,
			// far from all 200.
			assertThat(early).isBetween(15L, 35L);
			assertThat(later).isGreaterThan(early).isLessThan(70L);
		}
	}

	@Test
	void shouldPassOverRecipientsWaitingForMetasMarketingLimitAndSayWhyTheCampaignWaits(Infrastructure infrastructure) {
		UUID campaign = this.accounts.campaign(this.user).recipients(6).create();
		this.jdbc.sql("UPDATE campaigns SET sender_id = (SELECT id FROM senders WHERE user_id = :user) WHERE id = :id")
			.param("user", this.user.id())
			.param("id", campaign)
			.update();
		// Recipients 2 and 5 wait a day for Meta's per-user marketing limit (the
		// dispatcher put them back so).
		this.jdbc.sql("""
				UPDATE campaign_recipients SET not_before = now() + interval '1 day', deferrals = 1
				WHERE campaign_id = :id AND sequence IN (2, 5)""").param("id", campaign).update();
		try (TopicProbe dispatch = new TopicProbe(infrastructure.kafkaBootstrapServers(), Topics.CAMPAIGN_DISPATCH)) {
			assertThat(this.http.post("/campaigns/" + campaign + "/send", this.user.token(), "").statusCode())
				.isEqualTo(200);

			List<ConsumerRecord<String, String>> fed = dispatch.pollUntil((seen) -> ofCampaign(seen, campaign) >= 4,
					Duration.ofSeconds(10));
			assertThat(ofCampaign(fed, campaign)).isEqualTo(4);
			// Fed 1, 3, 4 and 6 are sent (as a dispatcher would); 2 and 5 stay PENDING.
			this.jdbc.sql("""
					UPDATE campaign_recipients SET status = 'SENT' WHERE campaign_id = :id AND sequence IN (1, 3, 4, 6)
					""").param("id", campaign).update();
			// The tail sweep comes a while after the last feed: bring it forward.
			this.jdbc.sql("UPDATE campaigns SET fed_at = now() - interval '1 hour', pending = 2 WHERE id = :id")
				.param("id", campaign)
				.update();

			Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				JsonNode waiting = Http.json(this.http.get("/campaigns/" + campaign, this.user.token()));
				assertThat(waiting.get("status").asString()).isEqualTo("RUNNING");
				assertThat(waiting.get("waiting_reason").asString())
					.startsWith("2 recipients wait for Meta's per-user marketing limit (131049)");
			});
			// The probe keeps what it saw: still the first four, nothing fed again.
			assertThat(ofCampaign(dispatch.pollFor(Duration.ofSeconds(1)), campaign)).isEqualTo(4);
		}
	}

	@Test
	void shouldStreamLiveCountersUntilTheCampaignEnds() throws Exception {
		UUID campaign = this.accounts.campaign(this.user).status("RUNNING").recipients(2).create();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/campaigns/" + campaign + "/events"))
			.header("Authorization", "Bearer " + this.user.token())
			.header("Accept", "text/event-stream")
			.build();
		CompletableFuture<HttpResponse<Stream<String>>> stream = HttpClient.newHttpClient()
			.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
		HttpResponse<Stream<String>> response = stream.get(10, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		Iterator<String> lines = response.body().iterator();
		assertThat(nextData(lines)).contains("\"sent\":0").contains("\"status\":\"RUNNING\"");

		this.jdbc.sql("UPDATE campaigns SET sent = 2, pending = 0, status = 'COMPLETED' WHERE id = :id")
			.param("id", campaign)
			.update();

		assertThat(nextData(lines)).contains("\"sent\":2").contains("\"status\":\"COMPLETED\"");
		assertThat(this.http.get("/campaigns/" + UUID.randomUUID() + "/events", this.user.token()).statusCode())
			.isEqualTo(404);
	}

	private static String nextData(Iterator<String> lines) {
		while (lines.hasNext()) {
			String line = lines.next();
			if (line.startsWith("data:")) {
				return line;
			}
		}
		throw new AssertionError("The event stream ended");
	}

	private static long ofCampaign(List<ConsumerRecord<String, String>> records, UUID campaign) {
		return records.stream().filter((record) -> record.value().contains(campaign.toString())).count();
	}

	private String campaignStatus(UUID campaign) {
		return this.jdbc.sql("SELECT status FROM campaigns WHERE id = :id")
			.param("id", campaign)
			.query(String.class)
			.single();
	}

	private long campaignsOfUser() {
		return this.jdbc.sql("SELECT count(*) FROM campaigns WHERE user_id = :user")
			.param("user", this.user.id())
			.query(Long.class)
			.single();
	}

}
