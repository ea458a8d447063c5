package com.wacampaigns.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import com.wacampaigns.common.graph.WebhookPayload;
import com.wacampaigns.common.graph.WebhookSignature;

/**
 * Posts webhooks the way Meta does: several updates per POST, signed over the raw bytes,
 * retried with backoff when the receiver does not answer 200. Statuses go on field
 * {@code messages}, one entry per business number; account updates (templates, a number's
 * quality and throughput, the portfolio's messaging limit) on their own fields, one entry
 * per WhatsApp Business Account.
 */
final class WebhookSender implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

	private static final int MAX_ATTEMPTS = 10;

	private static final Duration LINGER = Duration.ofMillis(50);

	private final DelayQueue<Due> queue = new DelayQueue<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final ExecutorService posts = Executors.newVirtualThreadPerTaskExecutor();

	private final JsonMapper json;

	private final WebhookSignature signature;

	private final int batchSize;

	private final Semaphore inFlight;

	private final AtomicLong delivered = new AtomicLong();

	private final Thread loop;

	private volatile URI url;

	private volatile boolean running = true;

	WebhookSender(JsonMapper json, SimulatorSettings settings) {
		this.json = json;
		this.signature = new WebhookSignature(settings.appSecret());
		this.batchSize = settings.webhookBatchSize();
		this.inFlight = new Semaphore(settings.webhookConcurrency());
		this.url = settings.webhookUrl();
		this.loop = Thread.ofPlatform().name("simulator-webhooks").daemon().start(this::run);
	}

	void url(URI url) {
		this.url = url;
	}

	/** Status items POSTed and answered with 200 so far. */
	long delivered() {
		return this.delivered.get();
	}

	/**
	 * @param wabaId the number's WhatsApp Business Account, or {@code null} for
	 * {@code WABA-} and the number's id
	 */
	void schedule(String wabaId, String phoneNumberId, String displayNumber, WebhookPayload.Status status,
			Duration after) {
		schedule(new StatusUpdate(wabaId, phoneNumberId, displayNumber, status), after);
	}

	/**
	 * A template's change, such as on field {@code message_template_status_update}.
	 */
	void scheduleTemplateUpdate(String wabaId, String field, WebhookPayload.Value value, Duration after) {
		scheduleAccountUpdate(wabaId, field, value, after);
	}

	/**
	 * A change told to the account, such as on field {@code phone_number_quality_update}.
	 * @param value the change's {@code value}, written as it is
	 */
	void scheduleAccountUpdate(String wabaId, String field, Object value, Duration after) {
		schedule(new AccountUpdate(wabaId, field, value), after);
	}

	private void schedule(Update update, Duration after) {
		if (this.url != null) {
			this.queue.add(new Due(System.nanoTime() + after.toNanos(), update, 1));
		}
	}

	private void run() {
		while (this.running) {
			try {
				List<Due> batch = new ArrayList<>();
				batch.add(this.queue.take());
				// Like Meta, gather what falls due within a short while into one POST.
				long lingerUntil = System.nanoTime() + LINGER.toNanos();
				while (batch.size() < this.batchSize) {
					this.queue.drainTo(batch, this.batchSize - batch.size());
					long left = lingerUntil - System.nanoTime();
					if (batch.size() >= this.batchSize || left <= 0) {
						break;
					}
					Due next = this.queue.poll(left, TimeUnit.NANOSECONDS);
					if (next == null) {
						break;
					}
					batch.add(next);
				}
				this.inFlight.acquire();
				this.posts.execute(() -> {
					try {
						post(batch);
					}
					finally {
						this.inFlight.release();
					}
				});
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void post(List<Due> batch) {
		URI target = this.url;
		if (target == null) {
			return;
		}
		byte[] body = this.json.writeValueAsBytes(envelope(batch));
		try {
			HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(target)
				.timeout(Duration.ofSeconds(10))
				.header("Content-Type", "application/json")
				.header(WebhookSignature.HEADER, this.signature.sign(body))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build(), HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() == 200) {
				this.delivered.addAndGet(batch.stream().filter(Due::isStatus).count());
				return;
			}
			log.warn("Webhook receiver answered {}; retrying {} updates later", response.statusCode(), batch.size());
		}
		catch (IOException ex) {
			log.warn("Webhook receiver unreachable ({}); retrying {} updates later", ex.getMessage(), batch.size());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		for (Due due : batch) {
			if (due.attempt() < MAX_ATTEMPTS) {
				long backoff = TimeUnit.MILLISECONDS.toNanos(200L << Math.min(due.attempt(), 6));
				this.queue.add(new Due(System.nanoTime() + backoff, due.update(), due.attempt() + 1));
			}
		}
	}

	/**
	 * One entry per business number for statuses, as Meta groups them, and one per
	 * account for account updates.
	 */
	private static Envelope envelope(List<Due> batch) {
		Map<String, List<StatusUpdate>> byNumber = new LinkedHashMap<>();
		Map<String, List<Change>> byAccount = new LinkedHashMap<>();
		for (Due due : batch) {
			switch (due.update()) {
				case StatusUpdate status ->
					byNumber.computeIfAbsent(status.phoneNumberId(), (key) -> new ArrayList<>()).add(status);
				case AccountUpdate account -> byAccount.computeIfAbsent(account.wabaId(), (key) -> new ArrayList<>())
					.add(new Change(account.field(), account.value()));
			}
		}
		List<Entry> entries = new ArrayList<>();
		byNumber.forEach((phoneNumberId, statuses) -> {
			StatusUpdate first = statuses.get(0);
			WebhookPayload.Value value = new WebhookPayload.Value("whatsapp",
					new WebhookPayload.Metadata(first.displayNumber(), phoneNumberId),
					statuses.stream().map(StatusUpdate::status).toList(), null, null);
			String entryId = (first.wabaId() != null) ? first.wabaId() : "WABA-" + phoneNumberId;
			entries.add(new Entry(entryId, List.of(new Change("messages", value))));
		});
		byAccount.forEach((wabaId, changes) -> entries.add(new Entry(wabaId, changes)));
		return new Envelope(WebhookPayload.OBJECT, entries);
	}

	@Override
	public void close() {
		this.running = false;
		this.loop.interrupt();
		this.posts.shutdownNow();
	}

	/** What one webhook item says. */
	private sealed interface Update permits StatusUpdate, AccountUpdate {

	}

	private record StatusUpdate(String wabaId, String phoneNumberId, String displayNumber,
			WebhookPayload.Status status) implements Update {

	}

	private record AccountUpdate(String wabaId, String field, Object value) implements Update {

	}

	/**
	 * {@link WebhookPayload}'s shape, with a change's value of any kind: Meta's account
	 * fields each have their own.
	 */
	private record Envelope(String object, List<Entry> entry) {

	}

	private record Entry(String id, List<Change> changes) {

	}

	private record Change(String field, Object value) {

	}

	private record Due(long dueAtNanos, Update update, int attempt) implements Delayed {

		boolean isStatus() {
			return this.update instanceof StatusUpdate;
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(this.dueAtNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
		}

		@Override
		public int compareTo(Delayed other) {
			return Long.compare(this.dueAtNanos, ((Due) other).dueAtNanos);
		}

	}

}
