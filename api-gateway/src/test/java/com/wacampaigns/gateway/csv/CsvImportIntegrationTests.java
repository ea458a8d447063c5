package com.wacampaigns.gateway.csv;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import com.wacampaigns.gateway.Http;
import com.wacampaigns.gateway.NewUserIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CsvImportIntegrationTests extends NewUserIntegrationTest {

	@LocalServerPort
	private int port;

	@Test
	void shouldImportTheGoodRowsAndReportEachBadLine() throws Exception {
		this.jdbc.sql("INSERT INTO suppressions (user_id, phone, reason) VALUES (:u, '+919812300004', 'Replied STOP')")
			.param("u", this.user.id())
			.update();
		UUID campaign = draft();
		ByteArrayOutputStream file = new ByteArrayOutputStream();
		file.write(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
		file.write(("phone,name,1,2\r\n" + "+919812300001,Ana,a,b\r\n"
				+ "+919812300002,\"Smith, \"\"Jo\"\"\nSecond line\",c,d\r\n" + "12,Bad,e,f\r\n"
				+ "+919812300003,NoParam,g,\r\n" + "+919812300001,Dup,h,i\r\n" + "+919812300004,Suppressed,j,k\r\n"
				+ "+919812300005,")
			.getBytes(StandardCharsets.UTF_8));
		file.write(new byte[] { (byte) 0xC3, (byte) 0x28 });
		file.write(",l,m\r\n".getBytes(StandardCharsets.UTF_8));

		HttpResponse<String> response = postCsv(campaign, file.toByteArray());

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode report = Http.json(response);
		assertThat(report.get("imported").asLong()).isEqualTo(3);
		assertThat(report.get("skipped").asLong()).isEqualTo(1);
		assertThat(report.get("rejected").asLong()).isEqualTo(4);
		assertThat(report.get("errors")
			.valueStream()
			.map((e) -> e.get("line").asLong() + ": " + e.get("reason").asString()))
			.containsExactly("4: not a valid phone number", "5: parameter 2 is missing; the template needs 2",
					"6: duplicate: +919812300001 is already in this campaign",
					"7: on the suppression list: imported as SKIPPED", "8: not valid UTF-8");
		assertThat(this.jdbc.sql("SELECT name FROM campaign_recipients WHERE full_phone = '+919812300002'")
			.query(String.class)
			.single()).isEqualTo("Smith, \"Jo\"\nSecond line");
		JsonNode counters = Http.json(this.http.get("/campaigns/" + campaign, this.user.token()));
		assertThat(counters.get("total_recipients").asInt()).isEqualTo(3);
		assertThat(counters.get("pending").asInt()).isEqualTo(2);
		assertThat(counters.get("skipped").asInt()).isEqualTo(1);
		assertThat(this.http.get(report.get("report").asString(), this.user.token()).body().lines()).hasSize(6);
	}

	@Test
	void shouldReadSemicolonsAndMultipartUploads() throws Exception {
		UUID campaign = draft();
		HttpResponse<String> semicolons = postCsv(campaign,
				"phone;name;1;2\n+919812300011;Ana;a;b\n+919812300012;Ben;c;d\n".getBytes(StandardCharsets.UTF_8));

		String boundary = "----b" + UUID.randomUUID();
		byte[] multipart = ("--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n"
				+ "Content-Type: text/csv\r\n\r\nphone,name,1,2\r\n+919812300013,Cy,e,f\r\n--" + boundary + "--\r\n")
			.getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> upload = send(HttpRequest.newBuilder(uri("/campaigns/" + campaign + "/recipients"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(multipart)));

		assertThat(Http.json(semicolons).get("imported").asLong()).isEqualTo(2);
		assertThat(Http.json(upload).get("imported").asLong()).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT sequence FROM campaign_recipients WHERE campaign_id = :id ORDER BY sequence")
			.param("id", campaign)
			.query(Long.class)
			.list()).containsExactly(1L, 2L, 3L);
	}

	@Test
	void shouldRefuseAnEmptyFileAHeaderThatDoesNotFitMalformedCsvAndAnyCampaignButADraft() throws Exception {
		UUID campaign = draft();
		UUID running = this.accounts.campaign(this.user).status("RUNNING").recipients(1).create();

		HttpResponse<String> empty = postCsv(campaign, new byte[0]);
		HttpResponse<String> headerOnly = postCsv(campaign, "phone,name,1,2\r\n".getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> wrongHeader = postCsv(campaign,
				"phone,name,1\n+919812300021,Ana,a\n".getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> notDraft = postCsv(running, "phone,name,1,2\n".getBytes(StandardCharsets.UTF_8));

		assertThat(empty.statusCode()).isEqualTo(400);
		assertThat(Http.json(headerOnly).get("imported").asLong()).isZero();
		assertThat(wrongHeader.statusCode()).isEqualTo(400);
		assertThat(Http.json(wrongHeader).get("errors").get(0).get("reason").asString())
			.isEqualTo("no column body_2 (or 2): {{2}} in the body");
		assertThat(notDraft.statusCode()).isEqualTo(409);
		HttpResponse<String> junkAfterQuote = postCsv(campaign,
				"phone,name,1,2\n+919812300022,\"Ana\"x,a,b\n".getBytes(StandardCharsets.UTF_8));
		assertThat(junkAfterQuote.statusCode()).isEqualTo(400);
		assertThat(Http.json(junkAfterQuote).get("detail").asString()).contains("not readable CSV after line 1");
		assertThat(this.jdbc.sql("SELECT count(*) FROM campaign_recipients WHERE campaign_id = :id")
			.param("id", campaign)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void shouldHoldNoConnectionNorLockWhileTheUploadIsStillArriving() throws Exception {
		UUID campaign = draft();
		PipedOutputStream upload = new PipedOutputStream();
		PipedInputStream body = new PipedInputStream(upload, 64 * 1024);
		CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient()
			.sendAsync(HttpRequest.newBuilder(uri("/campaigns/" + campaign + "/recipients"))
				.header("Authorization", "Bearer " + this.user.token())
				.header("Content-Type", "text/csv")
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
				.build(), HttpResponse.BodyHandlers.ofString());
		upload.write("phone,name,1,2\n+919812300001,Ana,a,b\n".getBytes(StandardCharsets.UTF_8));
		upload.flush();
		// The client has taken the first rows off the pipe: they are on their way.
		await().atMost(Duration.ofSeconds(5)).until(() -> body.available() == 0);

		// For the next half second, the half-arrived upload has not locked the draft
		// (NOWAIT fails at once if it had), nor taken a connection for it.
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(this.jdbc.sql("SELECT id FROM campaigns WHERE id = :id FOR NO KEY UPDATE NOWAIT")
				.param("id", campaign)
				.query(UUID.class)
				.list()).containsExactly(campaign);
			assertThat(this.jdbc.sql("""
					SELECT count(*) FROM pg_stat_activity
					WHERE datname = current_database() AND pid <> pg_backend_pid()
					  AND state <> 'idle' AND query LIKE 'COPY campaign_recipients%'""").query(Long.class).single())
				.as("no session busy with the import")
				.isZero();
		});

		upload.write("+919812300002,Bo,c,d\n".getBytes(StandardCharsets.UTF_8));
		upload.close();
		HttpResponse<String> response = slow.get(30, TimeUnit.SECONDS);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(Http.json(response).get("imported").asLong()).isEqualTo(2);
	}

	@Test
	void shouldTakeConcurrentImportsIntoOneCampaignOneAfterTheOther() throws Exception {
		UUID campaign = draft();
		StringBuilder first = new StringBuilder("phone,name,1,2\n");
		StringBuilder second = new StringBuilder("phone,name,1,2\n");
		for (int i = 0; i < 20_000; i++) {
			first.append("+91981").append(1_000_000 + i).append(",A,a,b\n");
			second.append("+91982").append(1_000_000 + i).append(",B,a,b\n");
		}

		// Both would read the campaign's size at the same moment if the import did not
		// lock it.
		CompletableFuture<HttpResponse<String>> one = sendAsync(campaign, first.toString());
		CompletableFuture<HttpResponse<String>> two = sendAsync(campaign, second.toString());

		assertThat(one.get().statusCode()).as(one.get().body()).isEqualTo(200);
		assertThat(two.get().statusCode()).as(two.get().body()).isEqualTo(200);
		assertThat(this.jdbc.sql("""
				SELECT count(DISTINCT sequence) = 40000 AND max(sequence) = 40000
				       AND (SELECT total_recipients FROM campaigns WHERE id = :id) = 40000
				FROM campaign_recipients WHERE campaign_id = :id""")
			.param("id", campaign)
			.query(Boolean.class)
			.single()).isTrue();
	}

	@Test
	void shouldNotLetAnotherUserImport() {
		UUID campaign = draft();
		String other = this.accounts.newLogin().token();

		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/campaigns/" + campaign + "/recipients"))
			.header("Authorization", "Bearer " + other)
			.header("Content-Type", "text/csv")
			.POST(HttpRequest.BodyPublishers.ofString("phone,name,1,2\n+919812300031,A,b,c\n")));

		assertThat(response.statusCode()).isEqualTo(404);
	}

	private UUID draft() {
		return this.accounts.campaign(this.user).create();
	}

	private HttpResponse<String> postCsv(UUID campaign, byte[] csv) {
		return send(HttpRequest.newBuilder(uri("/campaigns/" + campaign + "/recipients"))
			.header("Content-Type", "text/csv")
			.POST(HttpRequest.BodyPublishers.ofByteArray(csv)));
	}

	private CompletableFuture<HttpResponse<String>> sendAsync(UUID campaign, String csv) {
		return HttpClient.newHttpClient()
			.sendAsync(HttpRequest.newBuilder(uri("/campaigns/" + campaign + "/recipients"))
				.header("Authorization", "Bearer " + this.user.token())
				.header("Content-Type", "text/csv")
				.POST(HttpRequest.BodyPublishers.ofString(csv))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			HttpRequest built = request.build();
			if (built.headers().firstValue("Authorization").isEmpty()) {
				built = HttpRequest.newBuilder(built, (name, value) -> true)
					.header("Authorization", "Bearer " + this.user.token())
					.build();
			}
			return HttpClient.newHttpClient().send(built, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
