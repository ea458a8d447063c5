package com.wacampaigns.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.GatewayClient;
import com.wacampaigns.localstack.Seeder;
import com.wacampaigns.localstack.SystemStack;

/**
 * Senders and campaigns for the dispatch scenarios: written straight to the database
 * (that is not what is measured), then started through the REST API as a user would.
 */
final class Campaigns {

	private final SystemStack stack;

	private final Seeder seeder;

	private final JdbcClient jdbc;

	private final GatewayClient client;

	Campaigns(SystemStack stack) {
		this.stack = stack;
		this.seeder = new Seeder(stack.dataSource());
		this.jdbc = JdbcClient.create(stack.dataSource());
		this.client = stack.client("demo", "demo");
	}

	/** A connected sender of the demo user, known to the simulator. */
	UUID sender(String phoneNumberId, int messagesPerSecond) {
		String token = "token-" + phoneNumberId;
		UUID id = this.seeder.sender()
			.owner(DemoData.DEMO_USER_ID)
			.phoneNumberId(phoneNumberId)
			.displayNumber("+1555" + phoneNumberId)
			.accessToken(token, this.stack.secrets().tokenEncryptionKey())
			.messagesPerSecond(messagesPerSecond)
			.create();
		this.stack.simulator().registerNumber(phoneNumberId, "+1555" + phoneNumberId, token);
		return id;
	}

	UUID draft(UUID senderId, int recipients, int rateLimit, int maxWorkers) {
		return this.seeder.campaign()
			.owner(DemoData.DEMO_USER_ID)
			.template(DemoData.TEMPLATE_ID)
			.sender(senderId)
			.rateLimit(rateLimit)
			.maxWorkers(maxWorkers)
			.recipients(recipients)
			.create();
	}

	void send(UUID campaign) {
		this.client.send(campaign);
	}

	void pause(UUID campaign) {
		this.client.call("POST", "/campaigns/" + campaign + "/status", java.util.Map.of("status", "pause"), 200);
	}

	void resume(UUID campaign) {
		this.client.call("POST", "/campaigns/" + campaign + "/status", java.util.Map.of("status", "resume"), 200);
	}

	long rowsIn(List<UUID> campaigns, String status) {
		return this.jdbc
			.sql("SELECT count(*) FROM campaign_recipients WHERE campaign_id = ANY(:ids::uuid[]) AND status = :status")
			.param("ids", campaigns.stream().map(UUID::toString).toArray(String[]::new))
			.param("status", status)
			.query(Long.class)
			.single();
	}

	static List<String> phoneNumberIds(int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(Long.toString(200_000_000L + i));
		}
		return ids;
	}

}
