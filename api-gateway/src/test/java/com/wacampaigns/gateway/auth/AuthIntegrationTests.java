package com.wacampaigns.gateway.auth;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

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

import com.wacampaigns.gateway.GatewayIntegrationTest;
import com.wacampaigns.gateway.Http;
import com.wacampaigns.localstack.Seeder;

import static org.assertj.core.api.Assertions.assertThat;

@GatewayIntegrationTest
class AuthIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	private Http http;

	private UUID alice;

	private UUID campaignOfAlice;

	private String aliceName;

	@BeforeEach
	void seed() {
		this.http = new Http(this.port);
		Seeder seeder = new Seeder(this.dataSource);
		this.aliceName = "alice-" + UUID.randomUUID();
		this.alice = seeder.user(UUID.randomUUID(), this.aliceName, "alice-password", "USER");
		long template = seeder.template(null, this.alice, "t-" + UUID.randomUUID(), "Hi {{1}} {{2}}", 2, "APPROVED");
		this.campaignOfAlice = seeder.campaign(this.alice, template, null, "DRAFT", 10, 1, 1);
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
		Seeder seeder = new Seeder(this.dataSource);
		String bob = "bob-" + UUID.randomUUID();
		String root = "root-" + UUID.randomUUID();
		seeder.user(UUID.randomUUID(), bob, "bob-password", "USER");
		seeder.user(UUID.randomUUID(), root, "root-password", "USER", "ADMIN");

		assertThat(
				this.http.get("/campaigns/" + this.campaignOfAlice, this.http.token(bob, "bob-password")).statusCode())
			.isEqualTo(404);
		assertThat(this.http.get("/campaigns/" + this.campaignOfAlice, this.http.token(root, "root-password"))
			.statusCode()).isEqualTo(200);
		assertThat(
				this.http.post("/campaigns/" + this.campaignOfAlice + "/send", this.http.token(bob, "bob-password"), "")
					.statusCode())
			.isEqualTo(404);
	}

	@Test
	void shouldKeepEveryCampaignEndpointToItsOwnerAndAdmins() throws Exception {
		Seeder seeder = new Seeder(this.dataSource);
		String bob = "bob-" + UUID.randomUUID();
		String root = "root-" + UUID.randomUUID();
		seeder.user(UUID.randomUUID(), bob, "bob-password", "USER");
		seeder.user(UUID.randomUUID(), root, "root-password", "USER", "ADMIN");
		String bobToken = this.http.token(bob, "bob-password");
		String rootToken = this.http.token(root, "root-password");
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
		Seeder seeder = new Seeder(this.dataSource);
		String root = "root-" + UUID.randomUUID();
		seeder.user(UUID.randomUUID(), root, "root-password", "USER", "ADMIN");
		String aliceToken = this.http.token(this.aliceName, "alice-password");
		String newUser = "carol-" + UUID.randomUUID();
		String body = "{\"username\":\"" + newUser + "\",\"password\":\"carol-password\",\"roles\":[\"USER\"]}";

		assertThat(this.http.post("/admin/users", aliceToken, body).statusCode()).isEqualTo(403);
		assertThat(this.http.post("/admin/users", this.http.token(root, "root-password"), body).statusCode())
			.isEqualTo(201);
		assertThat(this.http.token(newUser, "carol-password")).isNotBlank();
		assertThat(this.http.post("/admin/users", this.http.token(root, "root-password"), body).statusCode())
			.isEqualTo(409);
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
