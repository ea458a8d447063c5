package com.wacampaigns.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.common.graph.CallbackData;
import com.wacampaigns.common.graph.WebhookSignature;
import com.wacampaigns.localstack.CampaignInvariants;
import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.Seeder;
import com.wacampaigns.localstack.SystemStack;
import com.wacampaigns.localstack.WebhookBodies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Meta's webhooks as they really come: every status of 10,000 messages delivered three
 * times, shuffled (read before delivered, failed after sent, delivered skipped), 1,000
 * statuses to a POST, several POSTs at once; through the gateway, Kafka and the
 * status-ingestor.
 */
@SystemStackTest(dispatchers = 0)
class WebhookStormIntegrationTests {

	private static final int RECIPIENTS = 10_000;

	private static final int STATUSES_PER_POST = 1_000;

	private static SystemStack stack;

	private static JdbcClient jdbc;

	@Test
	void shouldKeepCountersExactUnderTripleShuffledBatchedWebhooks() throws Exception {
		Seeder seeder = new Seeder(stack.dataSource());
		// A campaign of the business number the webhooks name: callback data is believed
		// for no other.
		UUID campaign = seeder.campaign()
			.owner(DemoData.DEMO_USER_ID)
			.template(DemoData.TEMPLATE_ID)
			.sender(seeder.senderOf(DemoData.PHONE_NUMBER_ID))
			.status("RUNNING")
			.rateLimit(1000)
			.maxWorkers(10)
			.recipients(RECIPIENTS)
			.create();
		List<UUID> ids = seeder.recipientIds(campaign);
		List<String> statuses = new ArrayList<>();
		for (int i = 0; i < ids.size(); i++) {
			CallbackData callback = new CallbackData(campaign, ids.get(i));
			String wamid = "wamid.storm-" + i;
			List<String> story = switch (i % 4) {
				case 0 -> List.of(status(wamid, "sent", callback), status(wamid, "delivered", callback),
						status(wamid, "read", callback));
				// Delivered never reported: read implies it.
				case 1 -> List.of(status(wamid, "sent", callback), status(wamid, "read", callback));
				// Failed after it was sent.
				case 2 -> List.of(status(wamid, "sent", callback), failed(wamid, callback));
				default -> List.of(status(wamid, "sent", callback), status(wamid, "delivered", callback));
			};
			for (int copy = 0; copy < 3; copy++) {
				statuses.addAll(story);
			}
		}
		Collections.shuffle(statuses, new Random(7));

		List<Integer> answers = postAll(statuses);

		assertThat(answers).hasSize((statuses.size() + STATUSES_PER_POST - 1) / STATUSES_PER_POST).containsOnly(200);
		// COMPLETED comes as soon as nothing is pending; reads and failures may still be
		// on their way.
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(counters(campaign)).containsEntry("status", "COMPLETED")
				.containsEntry("sent", 7500L)
				.containsEntry("delivered", 7500L)
				.containsEntry("read", 5000L)
				.containsEntry("failed", 2500L)
				.containsEntry("pending", 0L));
		new CampaignInvariants(stack.dataSource()).assertCountersMatchRows(campaign);
	}

	/**
	 * Signed POSTs of 1,000 statuses, split over several entries and changes, four at a
	 * time.
	 */
	private static List<Integer> postAll(List<String> statuses) throws Exception {
		WebhookSignature signature = new WebhookSignature(stack.secrets().appSecret());
		HttpClient http = HttpClient.newHttpClient();
		URI url = URI.create(stack.gatewayUrl() + "/webhooks/whatsapp");
		try (ExecutorService posts = Executors.newFixedThreadPool(4)) {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int from = 0; from < statuses.size(); from += STATUSES_PER_POST) {
				List<String> batch = statuses.subList(from, Math.min(from + STATUSES_PER_POST, statuses.size()));
				byte[] body = envelope(batch).getBytes(StandardCharsets.UTF_8);
				answers.add(posts.submit(
						() -> http
							.send(HttpRequest.newBuilder(url)
								.header("Content-Type", "application/json")
								.header(WebhookSignature.HEADER, signature.sign(body))
								.POST(HttpRequest.BodyPublishers.ofByteArray(body))
								.build(), HttpResponse.BodyHandlers.discarding())
							.statusCode()));
			}
			List<Integer> codes = new ArrayList<>();
			for (Future<Integer> answer : answers) {
				codes.add(answer.get());
			}
			return codes;
		}
	}

	private static String envelope(List<String> statuses) {
		int half = statuses.size() / 2;
		int quarter = half / 2;
		return WebhookBodies.envelope(
				WebhookBodies.entry(change(statuses.subList(0, quarter)), change(statuses.subList(quarter, half))),
				WebhookBodies.entry(change(statuses.subList(half, statuses.size()))));
	}

	private static String change(List<String> statuses) {
		return WebhookBodies.statusChange(DemoData.PHONE_NUMBER_ID, statuses);
	}

	private static String status(String wamid, String status, CallbackData callback) {
		return WebhookBodies.status(wamid, status, 1763900000, callback);
	}

	private static String failed(String wamid, CallbackData callback) {
		return WebhookBodies.failed(wamid, 1763900001, callback, 131026, "Message undeliverable");
	}

	private static Map<String, Object> counters(UUID campaign) {
		return jdbc.sql("SELECT status, sent, delivered, read, failed, pending FROM campaigns WHERE id = :id")
			.param("id", campaign)
			.query((rs, row) -> Map.<String, Object>of("status", rs.getString("status"), "sent", rs.getLong("sent"),
					"delivered", rs.getLong("delivered"), "read", rs.getLong("read"), "failed", rs.getLong("failed"),
					"pending", rs.getLong("pending")))
			.single();
	}

}
