package com.wacampaigns.system;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.localstack.CampaignInvariants;
import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.SystemStack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Meta pauses a template mid-campaign: its webhook pauses the campaign within a second,
 * nothing is sent while it is paused, and when Meta reinstates the template the campaign
 * resumes by itself and ends with every recipient sent exactly once.
 */
@SystemStackTest
class TemplatePauseIntegrationTests {

	private static final int RECIPIENTS = 300;

	private static SystemStack stack;

	@LoggedInAs("demo")
	private static GatewayClient client;

	private static JdbcClient jdbc;

	@Test
	void shouldPauseWithinASecondOfMetasPauseSendNothingWhilePausedAndResumeWhenReinstated() throws Exception {
		long template = client.syncedTemplate(DemoData.DEMO_TEMPLATE);
		UUID id = client.createCampaign("Paused by Meta", DemoData.DEMO_USER_ID, template, RECIPIENTS, 40, 5,
				DemoData.DEMO_TEMPLATE_VALUES, DemoData::demoParameters);
		client.send(id);
		await().atMost(Duration.ofSeconds(30)).until(() -> sent(id) >= 40);

		long pausedAt = System.nanoTime();
		assertThat(stack.simulator().templateStatus(DemoData.WABA_ID, DemoData.DEMO_TEMPLATE, "PAUSED")).isTrue();

		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> "PAUSED".equals(status(id)));
		double seconds = (System.nanoTime() - pausedAt) / 1e9;
		long sentWhenPaused = sent(id);
		// Nothing sent while paused: not one more send in the next two seconds.
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(sent(id)).as("nothing sent while paused").isEqualTo(sentWhenPaused));
		assertThat(sentWhenPaused).as("the campaign was paused before its end").isLessThan(RECIPIENTS);
		// The promise is a pause within a second, so at most a second of the campaign's
		// rate (40/s) can
		// meet Meta's 132015 first; a pause that did not hold would see the other 260
		// refused.
		assertThat(refusedAsPaused()).as("sends Meta refused with 132015 before the pause took hold")
			.isLessThanOrEqualTo(40);
		assertThat(jdbc.sql("SELECT reason FROM campaign_history WHERE campaign_id = :id AND to_status = 'PAUSED'")
			.param("id", id)
			.query(String.class)
			.single()).as("Meta's webhook or the dispatcher's 132015, whichever came first")
			.contains("summer_sale")
			.containsIgnoringCase("paused");
		System.out.printf("Paused %.3f s after Meta's pause, %d of %d sent%n", seconds, sentWhenPaused, RECIPIENTS);

		assertThat(stack.simulator().templateStatus(DemoData.WABA_ID, DemoData.DEMO_TEMPLATE, "APPROVED")).isTrue();

		// Well within the feeder's 30-second tail sweep: the resume feeds again at once.
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
			JsonNode campaign = client.campaign(id);
			return "COMPLETED".equals(campaign.get("status").asString()) && campaign.get("read").asInt() == RECIPIENTS;
		});
		assertThat(stack.simulator()
			.ledger()
			.entries()
			.stream()
			.filter((entry) -> id.toString().equals(entry.campaign()))
			.map((entry) -> entry.phone())
			.toList()).hasSize(RECIPIENTS).doesNotHaveDuplicates();
		new CampaignInvariants(stack.dataSource()).assertCountersMatchRows(id);
	}

	private static long sent(UUID campaign) {
		return stack.simulator()
			.ledger()
			.entries()
			.stream()
			.filter((entry) -> campaign.toString().equals(entry.campaign()))
			.count();
	}

	private static String status(UUID campaign) {
		return jdbc.sql("SELECT status FROM campaigns WHERE id = :id")
			.param("id", campaign)
			.query(String.class)
			.single();
	}

	/** Sends the dispatcher counted as refused for a paused template. */
	private static double refusedAsPaused() {
		MeterRegistry registry = stack.dispatcher().getBean(MeterRegistry.class);
		return registry.find("dispatch.sends")
			.tag("code", "132015")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

}
