package com.wacampaigns.gateway.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.crypto.SecretCipher;
import com.wacampaigns.gateway.GatewayProperties;

/**
 * Makes the attempts: leases due deliveries (new ones at once when woken, retries when
 * their time comes), POSTs each signed to its endpoint on a virtual thread, at most the
 * configured number at once and at most an endpoint's share to any one endpoint (so a
 * slow endpoint delays only its own deliveries), and writes the outcome. A failed attempt
 * is tried again after a pause that doubles each time (the endpoint's {@code Retry-After}
 * when it asks for longer), until the delivery's time is up; an endpoint that fails every
 * attempt for too long is disabled. Redirects are not followed: they could lead where
 * endpoints may not be.
 */
@Component
class DeliveryWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	private static final int ERROR_TEXT = 300;

	private final JdbcWebhookDeliveries deliveries;

	private final JdbcWebhookEndpoints endpoints;

	private final GatewayProperties.OutboundWebhooks settings;

	private final EndpointAddresses addresses;

	private final SecretCipher cipher;

	private final Semaphore slots;

	private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();

	private final HttpClient http;

	private final Counter delivered;

	private final Counter failedAttempts;

	private final Object signal = new Object();

	private volatile boolean woken;

	private volatile Thread loop;

	DeliveryWorker(JdbcWebhookDeliveries deliveries, JdbcWebhookEndpoints endpoints, EndpointAddresses addresses,
			GatewayProperties properties, MeterRegistry meters) {
		this.deliveries = deliveries;
		this.endpoints = endpoints;
		this.settings = properties.outboundWebhooks();
		this.addresses = addresses;
		this.cipher = new SecretCipher(properties.tokenEncryptionKey());
		this.slots = new Semaphore(this.settings.concurrency());
		this.http = HttpClient.newBuilder()
			.connectTimeout(this.settings.requestTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.executor(this.attempts)
			.build();
		this.delivered = Counter.builder("webhook.deliveries")
			.description("Attempts to deliver events to users' webhook endpoints, by outcome")
			.tag("outcome", "delivered")
			.register(meters);
		this.failedAttempts = Counter.builder("webhook.deliveries")
			.description("Attempts to deliver events to users' webhook endpoints, by outcome")
			.tag("outcome", "failed")
			.register(meters);
	}

	/** New deliveries are waiting: look now rather than at the next poll. */
	void wake() {
		synchronized (this.signal) {
			this.woken = true;
			this.signal.notifyAll();
		}
	}

	@Override
	public void start() {
		Thread thread = Thread.ofPlatform().name("webhook-deliveries").daemon().unstarted(this::run);
		this.loop = thread;
		thread.start();
	}

	@Override
	public void stop() {
		Thread thread = this.loop;
		this.loop = null;
		if (thread != null) {
			thread.interrupt();
		}
		this.attempts.shutdown();
		try {
			this.attempts.awaitTermination(this.settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.loop != null;
	}

	private void run() {
		while (this.loop == Thread.currentThread()) {
			try {
				round();
				synchronized (this.signal) {
					if (!this.woken) {
						this.signal.wait(this.settings.pollInterval().toMillis());
					}
					this.woken = false;
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Webhook deliveries could not be looked for; trying again shortly", ex);
				sleep(this.settings.pollInterval());
			}
		}
	}

	/**
	 * Leases as many due deliveries as there are free slots, and starts their attempts.
	 */
	private void round() throws InterruptedException {
		int free = this.slots.availablePermits();
		if (free == 0) {
			return;
		}
		// An attempt takes at most the request timeout for the answer's headers and as
		// long again for an error's body; the lease outlasts both.
		List<JdbcWebhookDeliveries.Claimed> due = this.deliveries.claim(free, this.settings.perEndpointConcurrency(),
				this.settings.requestTimeout().multipliedBy(2).plusSeconds(30));
		if (due.isEmpty()) {
			return;
		}
		Map<UUID, JdbcWebhookEndpoints.Target> targets = this.endpoints
			.targets(due.stream().map(JdbcWebhookDeliveries.Claimed::endpointId).distinct().toList())
			.stream()
			.collect(Collectors.toMap(JdbcWebhookEndpoints.Target::id, Function.identity()));
		for (JdbcWebhookDeliveries.Claimed delivery : due) {
			this.slots.acquire();
			this.attempts.execute(() -> {
				try {
					attempt(delivery, targets.get(delivery.endpointId()));
				}
				catch (RuntimeException ex) {
					log.warn("Delivery {} could not be settled; its lease will end and it is tried again",
							delivery.id(), ex);
				}
				finally {
					this.slots.release();
					// A slot is free, and its endpoint has room again: lease at once
					// rather than at the next poll, or a busy endpoint would get one
					// round of attempts a poll.
					wake();
				}
			});
		}
	}

	private void attempt(JdbcWebhookDeliveries.Claimed delivery, JdbcWebhookEndpoints.Target target) {
		if (target == null) {
			return;
		}
		Optional<String> refused = this.addresses.problemWith(target.url());
		if (refused.isPresent()) {
			failed(delivery, null, "Not sent: the URL " + refused.get(), null);
			return;
		}
		long timestamp = Instant.now().getEpochSecond();
		String id = delivery.id().toString();
		HttpRequest request = HttpRequest.newBuilder(URI.create(target.url()))
			.timeout(this.settings.requestTimeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "wa-campaigns-webhooks/1")
			.header(DeliverySignature.ID_HEADER, id)
			.header(DeliverySignature.TIMESTAMP_HEADER, Long.toString(timestamp))
			.header(DeliverySignature.SIGNATURE_HEADER,
					DeliverySignature.sign(this.cipher.decrypt(target.sealedSecret()), id, timestamp,
							delivery.payload()))
			.POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
			.build();
		try {
			// The request timeout covers the answer's headers; the body is not waited for
			// beyond them: a 2xx's is not read, an error's first characters only for as
			// long.
			HttpResponse<InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
			int code = response.statusCode();
			if (code >= 200 && code < 300) {
				closeQuietly(response.body());
				if (this.deliveries.delivered(delivery, code)) {
					this.endpoints.answered(target.id());
				}
				this.delivered.increment();
				return;
			}
			String text = startOf(response.body());
			failed(delivery, code, "HTTP " + code + (text.isBlank() ? "" : ": " + text),
					response.headers().firstValue("Retry-After").map(DeliveryWorker::seconds).orElse(null));
		}
		catch (IOException ex) {
			failed(delivery, null,
					ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : ""), null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void failed(JdbcWebhookDeliveries.Claimed delivery, Integer code, String error, Duration asked) {
		this.failedAttempts.increment();
		String shortError = (error.length() > ERROR_TEXT) ? error.substring(0, ERROR_TEXT) + "…" : error;
		if (!this.deliveries.failed(delivery, code, shortError, nextPause(delivery.attempts(), asked))) {
			return;
		}
		// A run of failures ends when nothing failed for twice the longest pause between
		// attempts: the endpoint had nothing waiting for it.
		Duration streakGap = this.settings.maxRetryDelay().multipliedBy(2);
		if (this.endpoints.failed(delivery.endpointId(), shortError, this.settings.disableAfter(), streakGap)) {
			this.deliveries.abandon(delivery.endpointId(), "Not sent: the endpoint was disabled");
		}
	}

	/**
	 * The pause after attempt {@code attempts + 1}: the first retry delay, doubled for
	 * each attempt before, with a tenth of jitter, at most the longest delay.
	 */
	Duration nextPause(int attempts, Duration asked) {
		long first = this.settings.firstRetryDelay().toMillis();
		long max = this.settings.maxRetryDelay().toMillis();
		long pause = (attempts >= 30) ? max : Math.min(max, first << attempts);
		pause += (long) (pause * 0.1 * ThreadLocalRandom.current().nextDouble());
		if (asked != null) {
			pause = Math.max(pause, Math.min(max, asked.toMillis()));
		}
		return Duration.ofMillis(Math.min(pause, max));
	}

	private static Duration seconds(String retryAfter) {
		try {
			return Duration.ofSeconds(Long.parseLong(retryAfter.strip()));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * The first characters an endpoint answered, for the log: never the whole body, and
	 * never waiting for it longer than the request timeout (an endpoint that sends its
	 * headers and then stalls would otherwise hold the attempt's slot for good).
	 */
	private String startOf(InputStream body) {
		FutureTask<String> read = new FutureTask<>(() -> {
			try (body) {
				return new String(body.readNBytes(ERROR_TEXT), StandardCharsets.UTF_8).strip();
			}
		});
		Thread.ofVirtual().name("webhook-answer").start(read);
		try {
			return read.get(this.settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			read.cancel(true);
			closeQuietly(body);
			return "(the answer's body did not come within the request timeout)";
		}
		catch (ExecutionException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			closeQuietly(body);
			return "";
		}
	}

	private static void closeQuietly(InputStream body) {
		try {
			body.close();
		}
		catch (IOException ex) {
			// Closing is only to let go of the connection.
		}
	}

	private static void sleep(Duration pause) {
		try {
			Thread.sleep(pause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
