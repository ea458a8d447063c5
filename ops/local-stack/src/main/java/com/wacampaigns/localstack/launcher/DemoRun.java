package com.wacampaigns.localstack.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.GatewayClient;

/**
 * The demo campaign: the account's templates synced, a campaign on its image-header
 * template created and sent through the REST API as a user would, then watched until
 * every recipient has read it, with a progress bar on the console.
 */
final class DemoRun {

	private static final int BAR_WIDTH = 30;

	private static final Duration TIMEOUT = Duration.ofMinutes(30);

	private final GatewayClient client;

	private final PrintStream out;

	DemoRun(GatewayClient client, PrintStream out) {
		this.client = client;
		this.out = out;
	}

	void run(int recipients, int rate) throws InterruptedException {
		long template = this.client.syncedTemplate(DemoData.DEMO_TEMPLATE);
		this.out.printf(
				"Demo: synced WhatsApp Business Account %s; creating a campaign of %,d recipients at %,d msg/s"
						+ " on template %s (image header, named variables, URL and quick reply buttons)...%n",
				DemoData.WABA_ID, recipients, rate, DemoData.DEMO_TEMPLATE);
		UUID id = this.client.createCampaign("Demo campaign", DemoData.DEMO_USER_ID, template, recipients, rate, 50,
				DemoData.DEMO_TEMPLATE_VALUES, DemoData::demoParameters);
		long start = System.nanoTime();
		this.client.send(id);
		this.out.printf("Demo: campaign %s sent; watching it (GET /campaigns/%s)%n", id, id);
		JsonNode campaign = this.client.campaign(id);
		while (!finished(campaign, recipients)) {
			if (System.nanoTime() - start > TIMEOUT.toNanos()) {
				this.out.printf("%nDemo: not finished after %s; it goes on in the background.%n", TIMEOUT);
				return;
			}
			this.out.print("\r" + line(campaign, recipients, start));
			this.out.flush();
			TimeUnit.MILLISECONDS.sleep(250);
			campaign = this.client.campaign(id);
		}
		this.out.println("\r" + line(campaign, recipients, start));
		double seconds = (System.nanoTime() - start) / 1e9;
		this.out.printf("Demo: %,d recipients from send to all read in %.1f s (%,.0f msg/s); campaign %s%n", recipients,
				seconds, recipients / seconds, campaign.get("status").asString());
	}

	private static boolean finished(JsonNode campaign, int recipients) {
		return campaign.get("read").asInt() + campaign.get("failed").asInt() >= recipients
				&& !"RUNNING".equals(campaign.get("status").asString());
	}

	private static String line(JsonNode campaign, int recipients, long start) {
		int read = campaign.get("read").asInt();
		int failed = campaign.get("failed").asInt();
		int filled = (int) ((long) (read + failed) * BAR_WIDTH / Math.max(recipients, 1));
		double seconds = Math.max((System.nanoTime() - start) / 1e9, 0.001);
		return String.format("[%s%s] %3d%%  sent %,d  delivered %,d  read %,d  failed %,d  %5.1fs", "#".repeat(filled),
				".".repeat(BAR_WIDTH - filled), (read + failed) * 100L / Math.max(recipients, 1),
				campaign.get("sent").asInt(), campaign.get("delivered").asInt(), read, failed, seconds);
	}

}
