package com.wacampaigns.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.localstack.CampaignInvariants;
import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.Seeder;
import com.wacampaigns.localstack.SystemStack;
import com.wacampaigns.simulator.Ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Meta's messaging limit, kept: three campaigns of 200 different recipients each on one
 * number whose portfolio may reach 250 unique users in a moving window (six seconds here,
 * 24 hours at Meta). The feeder never lets the portfolio reach more in any window, as the
 * simulator counts them at send time; the campaigns wait, say why, and all complete as
 * the window moves.
 */
@SystemStackTest(settings = { "gateway.senders.messaging-window=6s", "gateway.senders.messaging-window-margin=2s",
		"simulator.tier-window=6s" })
class MessagingLimitIntegrationTests {

	private static final int PER_CAMPAIGN = 200;

	private static SystemStack stack;

	@LoggedInAs("demo")
	private static GatewayClient client;

	private static JdbcClient jdbc;

	@Test
	void shouldNeverReachMoreUniqueRecipientsInAWindowThanTheTierAllowsAndCompleteEveryCampaign() {
		// Meta lowers the portfolio's limit to 250 and says so with its webhook.
		assertThat(stack.simulator().numberLimits(DemoData.PHONE_NUMBER_ID, "TIER_250", null, null)).isTrue();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "TIER_250"
				.equals(jdbc.sql("SELECT coalesce(messaging_tier, '') FROM senders WHERE phone_number_id = :id")
					.param("id", DemoData.PHONE_NUMBER_ID)
					.query(String.class)
					.single()));
		List<UUID> campaigns = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			JsonNode created = create("Limited " + i, i * PER_CAMPAIGN, PER_CAMPAIGN);
			assertThat(created.get("estimate").get("messaging_limit").asInt()).isEqualTo(250);
			campaigns.add(UUID.fromString(created.get("id").asString()));
		}
		JsonNode tooBig = create("Too big for a day", 10_000, 600).get("estimate");
		assertThat(tooBig.get("windows_at_limit").asInt()).as("600 recipients at 250 a window").isEqualTo(2);
		assertThat(tooBig.get("warning").asString()).contains("needs about 3 windows");

		campaigns.forEach(client::send);

		Set<String> reasons = ConcurrentHashMap.newKeySet();
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
			boolean done = true;
			for (UUID id : campaigns) {
				JsonNode campaign = client.campaign(id);
				if (campaign.get("waiting_reason").isString()) {
					reasons.add(campaign.get("waiting_reason").asString());
				}
				done &= "COMPLETED".equals(campaign.get("status").asString())
						&& campaign.get("read").asInt() == PER_CAMPAIGN;
			}
			return done;
		});
		Ledger.Summary ledger = stack.simulator().ledger().summary();
		assertThat(ledger.accepted()).isEqualTo(3L * PER_CAMPAIGN);
		assertThat(ledger.duplicates()).isZero();
		assertThat(ledger.tierViolations()).as("unique recipients past the tier in a window").isZero();
		assertThat(stack.simulator().ledger().peakUniqueRecipients().values())
			.allSatisfy((peak) -> assertThat(peak).isLessThanOrEqualTo(250));
		// Each at its share: the first window's 250 went to all three alike (a third
		// each,
		// give or take a feed round), none starved while another took the budget.
		Map<String, Long> firstWindow = stack.simulator()
			.ledger()
			.entries()
			.stream()
			.sorted(Comparator.comparing(Ledger.Entry::at))
			.limit(250)
			.collect(Collectors.groupingBy(Ledger.Entry::campaign, Collectors.counting()));
		assertThat(campaigns).allSatisfy((id) -> assertThat(firstWindow.getOrDefault(id.toString(), 0L))
			.as("sends of campaign %s among the first window's 250", id)
			.isGreaterThanOrEqualTo(50));
		assertThat(reasons).as("the campaigns said why they waited")
			.anySatisfy((reason) -> assertThat(reason).startsWith("messaging limit: ").contains("of 250 unique"));
		CampaignInvariants invariants = new CampaignInvariants(stack.dataSource());
		campaigns.forEach(invariants::assertCountersMatchRows);
		for (UUID id : campaigns) {
			assertThat(client.campaign(id).get("waiting_reason").isNull()).as("no longer waiting").isTrue();
		}
	}

	/**
	 * A campaign of its own recipients: numbers {@code first + 1} to
	 * {@code first + count}.
	 * @return the answer to the create, with its estimate
	 */
	private static JsonNode create(String name, int first, int count) {
		List<Map<String, Object>> recipients = new ArrayList<>();
		for (int i = first + 1; i <= first + count; i++) {
			recipients.add(Map.of("phone", Seeder.phone(i), "parameters", Map.of("1", "Customer " + i, "2", "A-" + i)));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("user_id", DemoData.DEMO_USER_ID.toString());
		body.put("template_id", DemoData.TEMPLATE_ID);
		body.put("recipients", recipients);
		body.put("rate_limit", 100);
		body.put("max_workers", 10);
		return client.call("POST", "/campaigns/create", body, 201);
	}

}
