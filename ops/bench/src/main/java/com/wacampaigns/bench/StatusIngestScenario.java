package com.wacampaigns.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.wacampaigns.common.graph.CallbackData;
import com.wacampaigns.common.graph.WebhookSignature;
import com.wacampaigns.localstack.CampaignInvariants;
import com.wacampaigns.localstack.DemoData;
import com.wacampaigns.localstack.Infrastructure;
import com.wacampaigns.localstack.Seeder;
import com.wacampaigns.localstack.SystemStack;
import com.wacampaigns.localstack.WebhookBodies;

/**
 * {@code status-ingest}: signed webhook batches posted to the gateway until applied to
 * the counters. Throughput: every recipient's sent, delivered and read, 1,000 statuses a
 * POST, eight POSTs at once, timed from the first POST until the counters show every
 * read. Latency: another campaign's webhooks paced at 10,000 events a second.
 */
final class StatusIngestScenario {

	private static final int STATUSES_PER_POST = 1000;

	private static final int CONCURRENT_POSTS = 8;

	private final int recipients;

	private final int pacedEventsPerSecond;

	private final int pacedSeconds;

	StatusIngestScenario(Map<String, String> options) {
		this.recipients = Integer.parseInt(options.getOrDefault("recipients", "100000"));
		this.pacedEventsPerSecond = Integer.parseInt(options.getOrDefault("paced-rate", "10000"));
		this.pacedSeconds = Integer.parseInt(options.getOrDefault("paced-seconds", "15"));
	}

	BenchReport run() throws Exception {
		Infrastructure infrastructure = Infrastructure.shared();
		Map<String, Object> limits = Limits.measure(infrastructure);
		try (SystemStack stack = SystemStack
			.on(infrastructure.kafkaBootstrapServers(), infrastructure.databaseFor(StatusIngestScenario.class))
			.dispatchers(0)
			.withoutWebhooks()
			.quiet()
			.start()) {
			Webhooks webhooks = new Webhooks(stack);
			JdbcClient jdbc = JdbcClient.create(stack.dataSource());
			Seeder seeder = new Seeder(stack.dataSource());
			// The webhooks name the demo number; callback data is believed for its
			// campaigns only.
			UUID demoSender = seeder.senderOf(DemoData.PHONE_NUMBER_ID);

			System.out.println("Warming up...");
			UUID warmUp = running(seeder, demoSender, 10_000);
			webhooks.postAll(statuses(warmUp, seeder.recipientIds(warmUp)), new ConcurrentHistogram(3));
			awaitRead(jdbc, warmUp, 10_000);

			System.out.printf("Throughput: %,d recipients, %,d status events...%n", this.recipients,
					3L * this.recipients);
			UUID campaign = running(seeder, demoSender, this.recipients);
			List<String> statuses = statuses(campaign, seeder.recipientIds(campaign));
			Histogram fast = new ConcurrentHistogram(3);
			long start = System.nanoTime();
			webhooks.postAll(statuses, fast);
			double posted = Limits.seconds(start);
			awaitRead(jdbc, campaign, this.recipients);
			double applied = Limits.seconds(start);

			int pacedRecipients = this.pacedEventsPerSecond * this.pacedSeconds / 3;
			System.out.printf("Latency: %,d events/s for %d s...%n", this.pacedEventsPerSecond, this.pacedSeconds);
			UUID paced = running(seeder, demoSender, pacedRecipients);
			Histogram latency = new ConcurrentHistogram(3);
			webhooks.postPaced(statuses(paced, seeder.recipientIds(paced)), this.pacedEventsPerSecond, latency);
			awaitRead(jdbc, paced, pacedRecipients);

			boolean exact = new CampaignInvariants(stack.dataSource())
				.countersMatchRows(List.of(campaign, paced, warmUp));
			return new BenchReport("status-ingest").figure("events_per_s", statuses.size() / applied)
				.figure("webhook_accept_events_per_s", statuses.size() / posted)
				.figure("webhook_p50_ms", latency.getValueAtPercentile(50) / 1000.0)
				.figure("webhook_p99_ms", latency.getValueAtPercentile(99) / 1000.0)
				.figure("webhook_max_ms", latency.getMaxValue() / 1000.0)
				.figure("unpaced_webhook_p99_ms", fast.getValueAtPercentile(99) / 1000.0)
				.figure("paced_events_per_s", this.pacedEventsPerSecond)
				.figure("events", statuses.size())
				.figure("counters_exact", exact)
				.limits(limits);
		}
	}

	/** A RUNNING campaign of the demo user that the webhooks may name. */
	private static UUID running(Seeder seeder, UUID demoSender, int recipients) {
		return seeder.campaign()
			.owner(DemoData.DEMO_USER_ID)
			.template(DemoData.TEMPLATE_ID)
			.sender(demoSender)
			.status("RUNNING")
			.rateLimit(1000)
			.maxWorkers(10)
			.recipients(recipients)
			.create();
	}

	/**
	 * Each recipient's sent, delivered and read, in that order, with our callback data.
	 */
	private static List<String> statuses(UUID campaign, List<UUID> recipients) {
		List<String> statuses = new ArrayList<>(recipients.size() * 3);
		long timestamp = System.currentTimeMillis() / 1000;
		for (int i = 0; i < recipients.size(); i++) {
			CallbackData callback = new CallbackData(campaign, recipients.get(i));
			String wamid = "wamid.bench-" + campaign + "-" + i;
			for (String status : List.of("sent", "delivered", "read")) {
				statuses.add(WebhookBodies.status(wamid, status, timestamp, callback));
			}
		}
		return statuses;
	}

	private static void awaitRead(JdbcClient jdbc, UUID campaign, int recipients) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		while (System.nanoTime() < deadline) {
			Integer read = jdbc.sql("SELECT read FROM campaigns WHERE id = :id")
				.param("id", campaign)
				.query(Integer.class)
				.single();
			if (read == recipients) {
				return;
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("Campaign " + campaign + " did not reach " + recipients + " read in time");
	}

	/**
	 * Signed POSTs to the gateway's webhook endpoint, each one's latency recorded in µs.
	 */
	private static final class Webhooks {

		private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

		private final WebhookSignature signature;

		private final URI url;

		Webhooks(SystemStack stack) {
			this.signature = new WebhookSignature(stack.secrets().appSecret());
			this.url = URI.create(stack.gatewayUrl() + "/webhooks/whatsapp");
		}

		void postAll(List<String> statuses, Histogram latency) throws Exception {
			try (ExecutorService posts = Executors.newFixedThreadPool(CONCURRENT_POSTS)) {
				List<Future<?>> sent = new ArrayList<>();
				for (int from = 0; from < statuses.size(); from += STATUSES_PER_POST) {
					List<String> batch = statuses.subList(from, Math.min(from + STATUSES_PER_POST, statuses.size()));
					sent.add(posts.submit(() -> post(batch, latency)));
				}
				for (Future<?> post : sent) {
					post.get();
				}
			}
		}

		void postPaced(List<String> statuses, int eventsPerSecond, Histogram latency) throws Exception {
			long intervalNanos = (long) (1e9 * STATUSES_PER_POST / eventsPerSecond);
			long next = System.nanoTime();
			try (ExecutorService posts = Executors.newVirtualThreadPerTaskExecutor()) {
				List<Future<?>> sent = new ArrayList<>();
				for (int from = 0; from < statuses.size(); from += STATUSES_PER_POST) {
					List<String> batch = statuses.subList(from, Math.min(from + STATUSES_PER_POST, statuses.size()));
					long wait = next - System.nanoTime();
					if (wait > 0) {
						Thread.sleep(Duration.ofNanos(wait));
					}
					next += intervalNanos;
					sent.add(posts.submit(() -> post(batch, latency)));
				}
				for (Future<?> post : sent) {
					post.get();
				}
			}
		}

		private Void post(List<String> batch, Histogram latency) throws Exception {
			byte[] body = WebhookBodies
				.envelope(WebhookBodies.entry(WebhookBodies.statusChange(DemoData.PHONE_NUMBER_ID, batch)))
				.getBytes(StandardCharsets.UTF_8);
			long start = System.nanoTime();
			HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(this.url)
				.header("Content-Type", "application/json")
				.header(WebhookSignature.HEADER, this.signature.sign(body))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build(), HttpResponse.BodyHandlers.discarding());
			latency.recordValue((System.nanoTime() - start) / 1000);
			if (response.statusCode() != 200) {
				throw new IllegalStateException("The gateway answered " + response.statusCode());
			}
			return null;
		}

	}

}
