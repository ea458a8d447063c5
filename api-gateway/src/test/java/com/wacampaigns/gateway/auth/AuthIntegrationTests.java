package com.wacampaigns.gateway.auth;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import com.wacampaigns.gateway.GatewayIntegrationTest;
import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.Http;
import com.wacampaigns.gateway.TestAccounts;
import com.wacampaigns.localstack.Seeder;

import static org.assertj.core.api.Assertions.assertThat;

@GatewayIntegrationTest
@TestPropertySource(properties = { "gateway.request-body.campaign-max-size=" + AuthIntegrationTests.CAMPAIGN_MAX_BYTES,
		"gateway.actuator.scrape-token=" + AuthIntegrationTests.SCRAPE_TOKEN,
		// Tests export no metrics unless asked: production serves /actuator/prometheus.
		"management.prometheus.metrics.export.enabled=true" })
class AuthIntegrationTests {

	static final int CAMPAIGN_MAX_BYTES = 100_000;

	static final String SCRAPE_TOKEN = "a-test-scrape-token-of-at-least-32-characters";

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private GatewayProperties properties;

	@Autowired
	private TestAccounts accounts;

	@Autowired
	private Http http;

	private UUID alice;

	private UUID campaignOfAlice;

	private String aliceName;

	private long templateOfAlice;

	@BeforeEach
	void seed() {
		Seeder seeder = this.accounts.seeder();
		this.aliceName = "alice-" + UUID.randomUUID();
		this.alice = seeder.user().username(this.aliceName).password("alice-password").create();
		this.templateOfAlice = seeder.template().owner(this.alice).create();
		this.campaignOfAlice = seeder.campaign()
			.owner(this.alice)
			.template(this.templateOfAlice)
			.recipients(1)
			.create();
	}

	@Test
	void shouldIssueABearerTokenForTheRightPassword() {
		HttpResponse<String> response = this.http.post("/auth/token", null,
				"{\"username\":\"" + this.aliceName + "\",\"password\":\"alice-password\"}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.json(response).get("token_type").asString()).isEqualTo("Bearer");
		assertThat(Http.json(response).get("expires_in").asLong()).isEqualTo(3600);
		String token = Http.json(response).get("access_token").asString();
		assertThat(this.http.get("/campaigns/" + this.campaignOfAlice, token).statusCode()).isEqualTo(200);
	}

	@Test
	void shouldRefuseAWrongPasswordAndAnUnknownUserAlike() {
		HttpResponse<String> wrong = this.http.post("/auth/token", null,
				"{\"username\":\"" + this.aliceName + "\",\"password\":\"nope\"}");
		HttpResponse<String> unknown = this.http.post("/auth/token", null,
				"{\"username\":\"nobody\",\"password\":\"nope\"}");

		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(unknown.statusCode()).isEqualTo(401);
		assertThat(Http.json(wrong).get("detail").asString()).isEqualTo("Invalid username or password");
		assertThat(Http.json(unknown).get("detail").asString()).isEqualTo("Invalid username or password");
	}

	@Test
	void shouldAnswerAMissingTokenWithAProblemDetail() {
		HttpResponse<String> response = this.http.get("/campaigns/" + this.campaignOfAlice, null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(Http.json(response).get("title").asString()).isEqualTo("Invalid or expired token");
		assertThat(Http.json(response).get("detail").asString()).startsWith("Missing bearer token");
	}

	@Test
	void shouldRefuseForgedExpiredPrematureAndUnsignedTokens() throws Exception {
		Instant now = Instant.now();
		List<String> refused = List.of(sign(claims(now).build(), "another-secret-of-at-least-32-bytes-long!"),
				sign(claims(now).expirationTime(Date.from(now.minusSeconds(120))).build(),
						GatewayIntegrationTest.JWT_SECRET),
				sign(claims(now).notBeforeTime(Date.from(now.plusSeconds(600))).build(),
						GatewayIntegrationTest.JWT_SECRET),
				sign(claims(now).issuer("someone-else").build(), GatewayIntegrationTest.JWT_SECRET),
				sign(claims(now).audience("another-api").build(), GatewayIntegrationTest.JWT_SECRET),
				unsigned(claims(now).build()), tampered(sign(claims(now).build(), GatewayIntegrationTest.JWT_SECRET)));

		assertThat(refused).allSatisfy((token) -> {
			HttpResponse<String> response = this.http.get("/campaigns/" + this.campaignOfAlice, token);
			assertThat(response.statusCode()).as(token).isEqualTo(401);
			assertThat(Http.json(response).get("detail").asString()).startsWith("Invalid or expired token");
		});
		assertThat(this.http
			.get("/campaigns/" + this.campaignOfAlice, sign(claims(now).build(), GatewayIntegrationTest.JWT_SECRET))
			.statusCode()).as("the same claims, properly signed").isEqualTo(200);
	}

	@Test
	void shouldHideAnotherUsersCampaignButShowItToAnAdmin() throws Exception {
		String bob = this.accounts.newLogin().token();
		String root = this.accounts.newAdmin().token();

		assertThat(this.http.get("/campaigns/" + this.campaignOfAlice, bob).statusCode()).isEqualTo(404);
		assertThat(this.http.get("/campaigns/" + this.campaignOfAlice, root).statusCode()).isEqualTo(200);
		assertThat(this.http.post("/campaigns/" + this.campaignOfAlice + "/send", bob, "").statusCode()).isEqualTo(404);
	}

	@Test
	void shouldKeepEveryCampaignEndpointToItsOwnerAndAdmins() throws Exception {
		String bobToken = this.accounts.newLogin().token();
		String rootToken = this.accounts.newAdmin().token();
		String id = this.campaignOfAlice.toString();
		List<String[]> endpoints = List.of(new String[] { "GET", "/campaigns/" + id, "" },
				new String[] { "GET", "/campaigns/" + id + "/recipients", "" },
				new String[] { "GET", "/campaigns/" + id + "/recipients.csv", "" },
				new String[] { "GET", "/campaigns/" + id + "/import-errors", "" },
				new String[] { "POST", "/campaigns/" + id + "/send", "" },
				new String[] { "POST", "/campaigns/" + id + "/status", "{\"status\":\"stop\"}" },
				new String[] { "POST", "/campaigns/" + id + "/retry-failed", "" });

		for (String[] endpoint : endpoints) {
			assertThat(call(endpoint, bobToken)).as("Bob on " + endpoint[0] + " " + endpoint[1]).isEqualTo(404);
			assertThat(call(endpoint, null)).as("nobody on " + endpoint[0] + " " + endpoint[1]).isEqualTo(401);
		}
		assertThat(this.http.get("/campaigns?user_id=" + this.alice, bobToken).statusCode()).isEqualTo(403);
		assertThat(this.http.get("/campaigns?user_id=" + this.alice, rootToken).statusCode()).isEqualTo(200);
		assertThat(this.http.post("/campaigns/" + id + "/recipients", bobToken, "").statusCode()).isIn(404, 415);
		assertThat(call(new String[] { "GET", "/campaigns/" + id + "/recipients.csv", "" }, rootToken)).isEqualTo(200);
		assertThat(call(new String[] { "POST", "/campaigns/" + id + "/status", "{\"status\":\"stop\"}" }, rootToken))
			.isEqualTo(200);
	}

	@Test
	void shouldLetOnlyAnAdminCreateUsers() throws Exception {
		String rootToken = this.accounts.newAdmin().token();
		String aliceToken = this.http.token(this.aliceName, "alice-password");
		String newUser = "carol-" + UUID.randomUUID();
		String body = "{\"username\":\"" + newUser + "\",\"password\":\"carol-password\",\"roles\":[\"USER\"]}";

		assertThat(this.http.post("/admin/users", aliceToken, body).statusCode()).isEqualTo(403);
		assertThat(this.http.post("/admin/users", rootToken, body).statusCode()).isEqualTo(201);
		assertThat(this.http.token(newUser, "carol-password")).isNotBlank();
		assertThat(this.http.post("/admin/users", rootToken, body).statusCode()).isEqualTo(409);
	}

	@Test
	void shouldThrottleFailedLoginsForAUserNameAndRefuseEvenTheRightPasswordMeanwhile() {
		String name = "throttled-" + UUID.randomUUID();
		this.accounts.seeder().user().username(name).password("right-password").create();
		int limit = this.properties.login().maxFailuresPerUsername();
		long window = this.properties.login().window().toSeconds();

		List<HttpResponse<String>> answers = IntStream.range(0, 200)
			.mapToObj((i) -> login(name, "wrong-" + i))
			.toList();
		HttpResponse<String> right = login(name, "right-password");

		assertThat(answers.subList(0, limit)).allSatisfy((answer) -> assertThat(answer.statusCode()).isEqualTo(401));
		assertThat(answers.subList(limit, answers.size())).allSatisfy((answer) -> {
			assertThat(answer.statusCode()).isEqualTo(429);
			assertThat(answer.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(answer.headers().firstValue("Retry-After").map(Long::parseLong))
				.hasValueSatisfying((seconds) -> assertThat(seconds).isBetween(1L, window));
		});
		assertThat(right.statusCode()).as("the right password while throttled").isEqualTo(429);
		assertThat(Http.json(right).get("title").asString()).isEqualTo("Too many requests");
		assertThat(right.headers().firstValue("Retry-After")).isPresent();
		assertThat(login(this.aliceName, "alice-password").statusCode()).as("another user from the same address")
			.isEqualTo(200);
	}

	@Test
	void shouldShowProbesToAnyoneButTheirComponentsOnlyToAnAdmin() {
		HttpResponse<String> anonymous = this.http.get("/actuator/health/readiness", null);
		HttpResponse<String> admin = this.http.get("/actuator/health/readiness", adminToken());

		assertThat(anonymous.statusCode()).isEqualTo(200);
		assertThat(Http.json(anonymous).get("status").asString()).isEqualTo("UP");
		assertThat(Http.json(anonymous).has("components")).as(anonymous.body()).isFalse();
		assertThat(this.http.get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/actuator/health", null).statusCode()).as("public").isIn(200, 503);
		assertThat(Http.json(admin).get("components").has("db")).as(admin.body()).isTrue();
		assertThat(Http.json(admin).get("components").has("kafka")).as(admin.body()).isTrue();
	}

	@Test
	void shouldKeepTheActuatorToAdminsAndLetTheScrapeTokenReadOnlyTheMetrics() {
		String aliceToken = this.http.token(this.aliceName, "alice-password");

		for (String path : List.of("/actuator/prometheus", "/actuator/info", "/actuator", "/actuator/health/db")) {
			HttpResponse<String> response = this.http.get(path, null);
			assertThat(response.statusCode()).as("nobody on " + path).isEqualTo(401);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		}
		assertThat(this.http.get("/actuator/prometheus", aliceToken).statusCode()).as("a USER").isEqualTo(403);
		assertThat(this.http.get("/actuator/prometheus", adminToken()).statusCode()).as("an ADMIN").isEqualTo(200);
		HttpResponse<String> scrape = this.http.get("/actuator/prometheus", SCRAPE_TOKEN);
		assertThat(scrape.statusCode()).as("the scrape token").isEqualTo(200);
		assertThat(scrape.body()).contains("jvm_memory_used_bytes");
		assertThat(this.http.get("/actuator/info", SCRAPE_TOKEN).statusCode()).isEqualTo(401);
		assertThat(this.http.get("/campaigns/" + this.campaignOfAlice, SCRAPE_TOKEN).statusCode()).isEqualTo(401);
	}

	@Test
	void shouldRefuseOversizedJsonBodiesWithAProblemBeforeReadingThemAndCreateNothing() throws Exception {
		String token = this.http.token(this.aliceName, "alice-password");
		long campaignsBefore = campaignsOfAlice();
		String campaign = campaignWithRecipients(3_000);
		assertThat(campaign.length()).isGreaterThan(CAMPAIGN_MAX_BYTES);

		HttpResponse<String> declared = this.http.post("/campaigns/create", token, campaign);
		HttpResponse<String> chunked = postChunked("/campaigns/create", token, campaign);
		HttpResponse<String> login = login("someone", "x".repeat(70_000));

		assertThat(List.of(declared, chunked, login)).allSatisfy((response) -> {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(Http.json(response).get("title").asString()).isEqualTo("Payload too large");
		});
		assertThat(Http.json(declared).get("detail").asString()).contains(CAMPAIGN_MAX_BYTES + " bytes", "CSV");
		assertThat(Http.json(chunked).get("detail").asString()).contains(CAMPAIGN_MAX_BYTES + " bytes");
		assertThat(Http.json(login).get("detail").asString())
			.contains(this.properties.requestBody().maxSize().toBytes() + " bytes");
		assertThat(campaignsOfAlice()).isEqualTo(campaignsBefore);
		assertThat(postChunked("/auth/token", null,
				"{\"username\":\"" + this.aliceName + "\",\"password\":\"alice-password\"}")
			.statusCode()).as("a chunked body under the limit").isEqualTo(200);
		// The 2 GB multipart limits belong to the endpoints that take files.
		byte[] multipart = ("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
				+ "a".repeat(100_000) + "\r\n--x--\r\n")
			.getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> elsewhere = this.http.post("/suppressions",
				Map.of("Authorization", "Bearer " + token, "Content-Type", "multipart/form-data; boundary=x"),
				multipart);
		assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(413);
	}

	private HttpResponse<String> login(String username, String password) {
		return this.http.post("/auth/token", null,
				"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
	}

	private String adminToken() {
		return this.accounts.newAdmin().token();
	}

	private String campaignWithRecipients(int count) {
		String recipient = "{\"phone\":\"+9198%08d\",\"name\":\"Recipient %d\",\"parameters\":{\"1\":\"R%d\",\"2\":\"A-%d\"}}";
		String recipients = IntStream.range(0, count)
			.mapToObj((i) -> recipient.formatted(i, i, i, i))
			.collect(Collectors.joining(","));
		return "{\"name\":\"Too big\",\"user_id\":\"" + this.alice + "\",\"template_id\":" + this.templateOfAlice
				+ ",\"recipients\":[" + recipients + "]}";
	}

	/** A POST without Content-Length: the body goes chunked. */
	private HttpResponse<String> postChunked(String path, String token, String json) throws Exception {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private long campaignsOfAlice() {
		return JdbcClient.create(this.dataSource)
			.sql("SELECT count(*) FROM campaigns WHERE user_id = :user")
			.param("user", this.alice)
			.query(Long.class)
			.single();
	}

	private int call(String[] endpoint, String token) throws Exception {
		java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + endpoint[1]))
			.header("Content-Type", "application/json")
			.method(endpoint[0], endpoint[2].isEmpty() ? java.net.http.HttpRequest.BodyPublishers.noBody()
					: java.net.http.HttpRequest.BodyPublishers.ofString(endpoint[2]));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return java.net.http.HttpClient.newHttpClient()
			.send(request.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private JWTClaimsSet.Builder claims(Instant now) {
		return new JWTClaimsSet.Builder().subject(this.alice.toString())
			.issuer("wa-campaigns")
			.audience("wa-campaigns-api")
			.claim("roles", List.of("USER"))
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now.minusSeconds(5)))
			.expirationTime(Date.from(now.plusSeconds(600)));
	}

	private static String sign(JWTClaimsSet claims, String secret) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		return jwt.serialize();
	}

	private static String unsigned(JWTClaimsSet claims) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ base64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
	}

	/**
	 * The signature of the original claims on a payload that names another user and
	 * ADMIN.
	 */
	private static String tampered(String token) {
		String[] parts = token.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"USER\"",
				"\"ADMIN\"");
		return parts[0] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
				+ parts[2];
	}

}
