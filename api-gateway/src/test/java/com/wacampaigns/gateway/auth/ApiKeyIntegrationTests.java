package com.wacampaigns.gateway.auth;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.wacampaigns.gateway.Http;
import com.wacampaigns.gateway.NewUserIntegrationTest;
import com.wacampaigns.gateway.TestAccounts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-to-server API keys: shown once, stored as a hash, acting as their user with only
 * their scopes, revoked at once, held to their networks, expiry and rate.
 */
class ApiKeyIntegrationTests extends NewUserIntegrationTest {

	private static final String CREATE_CAMPAIGN = """
			{"name": "From the shop", "user_id": "%s", "template_id": %d,
			 "recipients": [{"phone": "+919812345678", "parameters": {"1": "Ana", "2": "A-1"}}]}""";

	@Test
	void shouldShowTheKeyOnceKeepOnlyItsHashAndActAsItsUserWithinItsScopes() {
		HttpResponse<String> created = this.http.post("/api-keys", this.user.token(), """
				{"name": "BI job", "scopes": ["campaigns:read"]}""");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode answer = Http.json(created);
		String key = answer.get("key").asString();
		assertThat(key).startsWith(answer.get("prefix").asString() + "_").startsWith("wak_").hasSizeGreaterThan(50);
		assertThat(this.jdbc.sql("SELECT octet_length(secret_hash) FROM api_keys WHERE prefix = :prefix")
			.param("prefix", answer.get("prefix").asString())
			.query(Integer.class)
			.single()).as("a SHA-256 is kept, not the key").isEqualTo(32);
		JsonNode listed = Http.json(this.http.get("/api-keys", this.user.token())).get(0);
		assertThat(listed.get("prefix").asString()).isEqualTo(answer.get("prefix").asString());
		assertThat(listed.has("key")).as("the key is never shown again").isFalse();

		HttpResponse<String> read = this.http.get("/campaigns?user_id=" + this.user.id(), key);
		HttpResponse<String> readByHeader = this.http.getWithHeaders("/campaigns", Map.of("X-API-Key", key));
		HttpResponse<String> write = this.http.post("/campaigns/create", key,
				CREATE_CAMPAIGN.formatted(this.user.id(), this.user.templateId()));
		HttpResponse<String> moreKeys = this.http.post("/api-keys", key, """
				{"name": "another", "scopes": ["campaigns:write"]}""");
		HttpResponse<String> admin = this.http.get("/admin/campaigns", key);

		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(this.http.get("/v3/api-docs", key).statusCode()).as("every key may read the API's description")
			.isEqualTo(200);
		assertThat(readByHeader.statusCode()).isEqualTo(200);
		assertThat(write.statusCode()).isEqualTo(403);
		assertThat(Http.json(write).get("missing_scope").asString()).isEqualTo("campaigns:write");
		assertThat(Http.json(write).get("detail").asString()).contains("lacks the scope campaigns:write");
		assertThat(moreKeys.statusCode()).as("a key cannot make keys").isEqualTo(403);
		assertThat(admin.statusCode()).isEqualTo(403);
		assertThat(this.jdbc.sql("SELECT count(*) FROM campaigns WHERE user_id = :id")
			.param("id", this.user.id())
			.query(Long.class)
			.single()).as("nothing created").isZero();

		HttpResponse<String> writer = this.http.post("/api-keys", this.user.token(), """
				{"name": "Shop", "scopes": ["campaigns:read", "campaigns:write"]}""");
		String writerKey = Http.json(writer).get("key").asString();
		assertThat(this.http
			.post("/campaigns/create", writerKey, CREATE_CAMPAIGN.formatted(this.user.id(), this.user.templateId()))
			.statusCode()).as("acts as its user").isEqualTo(201);
	}

	@Test
	void shouldRefuseARevokedKeyAtOnceAndLetOnlyItsOwnerOrAnAdminRevokeIt() {
		JsonNode created = Http.json(this.http.post("/api-keys", this.user.token(), """
				{"name": "CRM", "scopes": ["campaigns:read"]}"""));
		String key = created.get("key").asString();
		String id = created.get("id").asString();
		TestAccounts.Account someoneElse = this.accounts.newUser();
		TestAccounts.Login admin = this.accounts.newAdmin();

		assertThat(this.http.get("/campaigns", key).statusCode()).isEqualTo(200);
		assertThat(this.http.delete("/api-keys/" + id, someoneElse.token(), null).statusCode()).isEqualTo(404);
		assertThat(Http.json(this.http.get("/admin/api-keys?user_id=" + this.user.id(), admin.token()))
			.valueStream()
			.map((listed) -> listed.get("id").asString())).containsExactly(id);
		assertThat(this.http.get("/admin/api-keys", this.user.token()).statusCode()).isEqualTo(403);
		assertThat(this.http.delete("/api-keys/" + id, this.user.token(), null).statusCode()).isEqualTo(204);

		HttpResponse<String> revoked = this.http.get("/campaigns", key);
		assertThat(revoked.statusCode()).isEqualTo(401);
		assertThat(Http.json(revoked).get("detail").asString()).contains("revoked");
		assertThat(Http.json(this.http.get("/api-keys", this.user.token()))).isEmpty();

		JsonNode other = Http.json(this.http.post("/api-keys", this.user.token(), """
				{"name": "Other", "scopes": ["templates:read"]}"""));
		assertThat(this.http.delete("/admin/api-keys/" + other.get("id").asString(), admin.token(), null).statusCode())
			.isEqualTo(204);
		assertThat(this.http.get("/templates", other.get("key").asString()).statusCode()).isEqualTo(401);
	}

	@Test
	void shouldHoldAKeyToItsNetworksExpiryAndRate() {
		String elsewhere = Http.json(this.http.post("/api-keys", this.user.token(), """
				{"name": "Office only", "scopes": ["campaigns:read"], "allowed_networks": ["203.0.113.0/24"]}"""))
			.get("key")
			.asString();
		String local = Http.json(this.http.post("/api-keys", this.user.token(), """
				{"name": "Here", "scopes": ["campaigns:read"], "allowed_networks": ["127.0.0.1/32", "::1/128"]}"""))
			.get("key")
			.asString();
		JsonNode expiring = Http.json(this.http.post("/api-keys", this.user.token(), """
				{"name": "Soon gone", "scopes": ["campaigns:read"], "expires_at": "2099-01-01T00:00:00Z"}"""));

		assertThat(this.http.get("/campaigns", elsewhere).statusCode()).isEqualTo(401);
		assertThat(this.http.get("/campaigns", local).statusCode()).isEqualTo(200);
		this.jdbc.sql("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = :id")
			.param("id", UUID.fromString(expiring.get("id").asString()))
			.update();
		HttpResponse<String> expired = this.http.get("/campaigns", expiring.get("key").asString());
		assertThat(expired.statusCode()).isEqualTo(401);
		assertThat(Http.json(expired).get("detail").asString()).contains("expired");

		// 20 a second by default: sixty at once cannot all pass.
		List<HttpResponse<String>> burst = IntStream.range(0, 60)
			.mapToObj((i) -> this.http.get("/campaigns", local))
			.toList();
		HttpResponse<String> limited = burst.stream()
			.filter((response) -> response.statusCode() == 429)
			.findFirst()
			.orElseThrow(
					() -> new AssertionError("no 429 among " + burst.stream().map(HttpResponse::statusCode).toList()));
		assertThat(limited.headers().firstValue("Retry-After")).contains("1");
		assertThat(Http.json(limited).get("detail").asString()).contains("requests a second");
	}

	@Test
	void shouldRefuseAKeyThatCannotBeMadeWithEveryReason() {
		HttpResponse<String> refused = this.http.post("/api-keys", this.user.token(), """
				{"name": "Bad", "scopes": ["campaigns:read", "everything"], "expires_at": "2001-01-01T00:00:00Z",
				 "allowed_networks": ["not a network"]}""");
		HttpResponse<String> noScopes = this.http.post("/api-keys", this.user.token(), """
				{"name": "None", "scopes": []}""");

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(Http.json(refused).get("errors").valueStream().map((error) -> error.get("field").asString()))
			.containsExactlyInAnyOrder("scopes[1]", "expires_at", "allowed_networks[0]");
		assertThat(noScopes.statusCode()).isEqualTo(400);
		assertThat(this.jdbc.sql("SELECT count(*) FROM api_keys WHERE user_id = :id")
			.param("id", this.user.id())
			.query(Long.class)
			.single()).isZero();
	}

}
