package com.wacampaigns.gateway.sender;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.wacampaigns.gateway.GatewayIntegrationTest;
import com.wacampaigns.gateway.Http;
import com.wacampaigns.gateway.TestAccounts;
import com.wacampaigns.simulator.SimulatorSettings;
import com.wacampaigns.simulator.WhatsAppSimulator;

import static org.assertj.core.api.Assertions.assertThat;

@GatewayIntegrationTest
class SenderConnectionIntegrationTests {

	private static final WhatsAppSimulator simulator = WhatsAppSimulator.start(SimulatorSettings.defaults("secret"));

	@Autowired
	private DataSource dataSource;

	@Autowired
	private TestAccounts accounts;

	@Autowired
	private Http http;

	private String token;

	private String phoneNumberId;

	@DynamicPropertySource
	static void graph(DynamicPropertyRegistry registry) {
		registry.add("gateway.graph.base-url", () -> simulator.baseUrl().toString());
	}

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@BeforeEach
	void seed() {
		// No sender yet: connecting one is what these tests do.
		this.token = this.accounts.newLogin().token();
		this.phoneNumberId = Long.toString(100_000_000L + (long) (Math.random() * 899_999_999L));
		simulator.registerNumber(this.phoneNumberId, "+15550009999", "meta-token");
	}

	@Test
	void shouldStartNotConnected() {
		JsonNode status = Http.json(this.http.get("/whatsapp/status", this.token));

		assertThat(status.get("status").asString()).isEqualTo("NOT_CONNECTED");
		assertThat(status.get("connectionFailureCount").asInt()).isZero();
	}

	@Test
	void shouldConnectOnlyWithATokenMetaAcceptsAndStoreItEncrypted() {
		HttpResponse<String> refused = connect(
				"{\"phone_number_id\":\"" + this.phoneNumberId + "\",\"access_token\":\"wrong\"}");
		HttpResponse<String> accepted = connect("{\"phone_number_id\":\"" + this.phoneNumberId
				+ "\",\"access_token\":\"meta-token\",\"messages_per_second\":200}");

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(Http.json(refused).get("detail").asString()).contains("190");
		assertThat(accepted.statusCode()).isEqualTo(200);
		JsonNode status = Http.json(accepted);
		assertThat(status.get("status").asString()).isEqualTo("CONNECTED");
		assertThat(status.get("display_phone_number").asString()).isEqualTo(this.phoneNumberId);
		assertThat(status.get("messages_per_second").asInt()).isEqualTo(200);
		assertThat(accepted.body()).doesNotContain("meta-token");
		String stored = JdbcClient.create(this.dataSource)
			.sql("SELECT access_token_encrypted FROM senders WHERE phone_number_id = :id")
			.param("id", this.phoneNumberId)
			.query(String.class)
			.single();
		assertThat(stored).startsWith("v1:").doesNotContain("meta-token");
	}

	@Test
	void shouldKeepTheSessionOnDisconnectUnlessForced() {
		connect("{\"phone_number_id\":\"" + this.phoneNumberId + "\",\"access_token\":\"meta-token\"}");

		JsonNode kept = Http.json(this.http.delete("/whatsapp/disconnect", this.token, null));
		assertThat(kept.get("status").asString()).isEqualTo("DISCONNECTED");
		assertThat(kept.get("session_preserved").asBoolean()).isTrue();
		assertThat(connect("{\"phone_number_id\":\"" + this.phoneNumberId + "\"}").statusCode())
			.as("connect again with the stored session")
			.isEqualTo(200);

		JsonNode wiped = Http.json(this.http.delete("/whatsapp/disconnect", this.token, "{\"force\":true}"));
		assertThat(wiped.get("session_preserved").asBoolean()).isFalse();
		HttpResponse<String> expired = connect("{\"phone_number_id\":\"" + this.phoneNumberId + "\"}");
		assertThat(expired.statusCode()).isEqualTo(400);
		assertThat(Http.json(expired).get("errors").get(0).get("field").asString()).isEqualTo("access_token");
	}

	@Test
	void shouldRefuseANumberThatAnotherUserConnected() {
		connect("{\"phone_number_id\":\"" + this.phoneNumberId + "\",\"access_token\":\"meta-token\"}");
		String other = this.accounts.newLogin().token();

		HttpResponse<String> response = this.http.post("/whatsapp/connect", other,
				"{\"phone_number_id\":\"" + this.phoneNumberId + "\",\"access_token\":\"meta-token\"}");

		assertThat(response.statusCode()).isEqualTo(409);
	}

	private HttpResponse<String> connect(String body) {
		return this.http.post("/whatsapp/connect", this.token, body);
	}

}
