package com.wacampaigns.gateway.sender;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.wacampaigns.common.graph.WebhookSignature;
import com.wacampaigns.gateway.GatewayIntegrationTest;
import com.wacampaigns.gateway.Http;
import com.wacampaigns.gateway.TestAccounts;
import com.wacampaigns.gateway.TestAccounts.Login;
import com.wacampaigns.simulator.Faults;
import com.wacampaigns.simulator.SimulatorSettings;
import com.wacampaigns.simulator.WhatsAppSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meta's limits on a number (its portfolio's messaging limit, its quality rating and
 * throughput level) read at connect, shown in the connection status, and changed by
 * Meta's webhooks: a number rated RED has its marketing campaigns paused.
 */
@GatewayIntegrationTest
class SenderLimitsIntegrationTests {

	private static final WhatsAppSimulator simulator = WhatsAppSimulator.start(SimulatorSettings.defaults("secret"));

	private static final WebhookSignature SIGNATURE = new WebhookSignature(GatewayIntegrationTest.APP_SECRET);

	@Autowired
	private TestAccounts accounts;

	@Autowired
	private Http http;

	@Autowired
	private JdbcClient jdbc;

	private Login user;

	private String phoneNumberId;

	private String wabaId;

	private String businessId;

	@DynamicPropertySource
	static void graph(DynamicPropertyRegistry registry) {
		registry.add("gateway.graph.base-url", () -> simulator.baseUrl().toString());
	}

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@BeforeEach
	void registerANumber() {
		this.user = this.accounts.newLogin();
		this.phoneNumberId = Long.toString(100_000_000L + ThreadLocalRandom.current().nextLong(899_999_999L));
		this.wabaId = Long.toString(100_000_000_000_000L + ThreadLocalRandom.current().nextLong(899_999_999_999L));
		this.businessId = Long.toString(200_000_000_000_000L + ThreadLocalRandom.current().nextLong(899_999_999_999L));
		simulator.registerNumber(this.phoneNumberId, "+15550007777", "meta-token", this.wabaId, this.businessId);
	}

	@Test
	void shouldReadTheNumbersLimitsAtConnectAndShowThem() {
		simulator.numberLimits(this.phoneNumberId, "TIER_2K", "YELLOW", "HIGH");

		JsonNode status = connect();

		assertThat(status.get("business_id").asString()).isEqualTo(this.businessId);
		assertThat(status.get("messaging_tier").asString()).isEqualTo("TIER_2K");
		assertThat(status.get("messaging_limit").asInt()).isEqualTo(2000);
		assertThat(status.get("quality_rating").asString()).isEqualTo("YELLOW");
		assertThat(status.get("throughput_level").asString()).isEqualTo("HIGH");
		assertThat(Http.json(this.http.get("/whatsapp/status", this.user.token())).get("messaging_tier").asString())
			.isEqualTo("TIER_2K");
	}

	@Test
	void shouldPauseTheMarketingCampaignsOfANumberMetaRatesRedAndLeaveTheOthers() {
		connect();
		UUID sender = senderId();
		long marketing = this.accounts.seeder().template().owner(this.user.id()).category("MARKETING").create();
		long utility = this.accounts.seeder().template().owner(this.user.id()).category("UTILITY").create();
		UUID promotion = this.accounts.seeder()
			.campaign()
			.owner(this.user.id())
			.template(marketing)
			.sender(sender)
			.status("RUNNING")
			.recipients(2)
			.create();
		UUID receipts = this.accounts.seeder()
			.campaign()
			.owner(this.user.id())
			.template(utility)
			.sender(sender)
			.status("RUNNING")
			.recipients(2)
			.create();
		// Meta rates the number RED and says so (this simulator posts no webhooks: the
		// test posts Meta's).
		simulator.numberLimits(this.phoneNumberId, null, "RED", null);

		postWebhook("phone_number_quality_update",
				"{\"display_phone_number\":\"15550007777\",\"event\":\"FLAGGED\",\"current_limit\":\"TIER_250\"}");

		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "PAUSED".equals(status(promotion)));
		assertThat(status(receipts)).isEqualTo("RUNNING");
		assertThat(this.jdbc.sql("SELECT status_reason FROM campaigns WHERE id = :id")
			.param("id", promotion)
			.query(String.class)
			.single()).contains("RED").contains("marketing campaigns are paused");
		assertThat(this.jdbc.sql("SELECT quality_rating FROM senders WHERE id = :id")
			.param("id", sender)
			.query(String.class)
			.single()).isEqualTo("RED");
	}

	@Test
	void shouldTakeThePortfoliosNewMessagingLimitFromMetasWebhook() {
		connect();
		// Meta cannot be asked again (the token is refused for now): the webhook's word
		// is
		// all there is.
		simulator.faults(new Faults(0, 0, 0, 0, false, 0, false, true, 0, 0));
		try {
			// Meta writes the limit as a number in this webhook.
			postWebhook("business_capability_update", "{\"max_daily_conversations_per_business\":10000}");

			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(() -> "TIER_10K".equals(Http.json(this.http.get("/whatsapp/status", this.user.token()))
					.get("messaging_tier")
					.asString()));
		}
		finally {
			simulator.faults(Faults.NONE);
		}
	}

	private JsonNode connect() {
		var response = this.http.post("/whatsapp/connect", this.user.token(), "{\"phone_number_id\":\""
				+ this.phoneNumberId + "\",\"access_token\":\"meta-token\",\"waba_id\":\"" + this.wabaId + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response);
	}

	private UUID senderId() {
		return this.jdbc.sql("SELECT id FROM senders WHERE phone_number_id = :id")
			.param("id", this.phoneNumberId)
			.query(UUID.class)
			.single();
	}

	private String status(UUID campaign) {
		return this.jdbc.sql("SELECT status FROM campaigns WHERE id = :id")
			.param("id", campaign)
			.query(String.class)
			.single();
	}

	private void postWebhook(String field, String value) {
		byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + this.wabaId + "\",\"time\":"
				+ Instant.now().getEpochSecond() + ",\"changes\":[{\"value\":" + value + ",\"field\":\"" + field
				+ "\"}]}]}")
			.getBytes(StandardCharsets.UTF_8);
		var response = this.http.post("/webhooks/whatsapp",
				Map.of(WebhookSignature.HEADER, SIGNATURE.sign(body), "Content-Type", "application/json"), body);
		assertThat(response.statusCode()).isEqualTo(200);
	}

}
