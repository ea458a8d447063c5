package com.wacampaigns.dispatcher.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.metrics.DeadLetterMeter;

/**
 * What the dispatcher tells Prometheus. Labels stay bounded: per sender (a business has a
 * handful of numbers), per outcome and per Graph error code, never per campaign or
 * recipient. The names are the ones the Grafana dashboard and the alert rules in
 * {@code ops/} use; {@code ops/system-tests} checks that each one is exported.
 */
@Component
public class DispatchMetrics {

	private final MeterRegistry registry;

	private final Timer senderWait;

	private final Timer campaignWait;

	private final Map<SendLabels, Counter> sends = new ConcurrentHashMap<>();

	private final Map<String, Timer> requests = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> senderLimits = new ConcurrentHashMap<>();

	DispatchMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.senderWait = waitTimer("sender");
		this.campaignWait = waitTimer("campaign");
		// Present from the start, so an alert on their increase has a series to read.
		DeadLetterMeter.of(this.registry, Topics.DISPATCH_DEAD_LETTER);
		DeadLetterMeter.of(this.registry, Topics.DISPATCH_RETRY_DEAD_LETTER);
		retries("none");
	}

	/**
	 * One send through the Cloud API.
	 * @param outcome {@code accepted}, {@code retry}, {@code failed},
	 * {@code sender_problem}, {@code campaign_problem} or {@code unknown}
	 * @param code the Graph error code, or {@code none}
	 */
	public void sent(String sender, String outcome, String code, long nanos) {
		// Looked up once per label set, not built and registered again on every send.
		this.sends.computeIfAbsent(new SendLabels(sender, outcome, code), this::sendCounter).increment();
		this.requests.computeIfAbsent(outcome, this::requestTimer).record(nanos, TimeUnit.NANOSECONDS);
	}

	private Counter sendCounter(SendLabels labels) {
		return Counter.builder("dispatch.sends")
			.description("Sends to the WhatsApp Cloud API by outcome, Graph error code and sender")
			.tags("outcome", labels.outcome(), "code", labels.code(), "sender", labels.sender())
			.register(this.registry);
	}

	private Timer requestTimer(String outcome) {
		return Timer.builder("whatsapp.cloudapi.requests")
			.description("Time of each send to the WhatsApp Cloud API, by outcome")
			.tags("outcome", outcome)
			.publishPercentileHistogram()
			// Also computed here for the benchmark's report; Prometheus uses the buckets.
			.publishPercentiles(0.5, 0.99)
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(this.registry);
	}

	private record SendLabels(String sender, String outcome, String code) {

	}

	/** Time a send waited for the limiters, as Guava's {@code acquire} reports it. */
	public void waited(double senderSeconds, double campaignSeconds) {
		this.senderWait.record((long) (senderSeconds * 1e9), TimeUnit.NANOSECONDS);
		this.campaignWait.record((long) (campaignSeconds * 1e9), TimeUnit.NANOSECONDS);
	}

	/** Sends of this sender in flight now: increment before, decrement after. */
	public AtomicInteger inFlight(String sender) {
		return this.inFlight.computeIfAbsent(sender, (key) -> {
			AtomicInteger count = new AtomicInteger();
			Gauge.builder("dispatch.in.flight", count, AtomicInteger::get)
				.description("Sends of a sender waiting for the Cloud API's answer")
				.tag("sender", key)
				.register(this.registry);
			return count;
		});
	}

	/** The messages per second this sender may send (Meta's cap on the number). */
	public void senderLimit(String sender, int messagesPerSecond) {
		this.senderLimits.computeIfAbsent(sender, (key) -> {
			AtomicInteger limit = new AtomicInteger();
			Gauge.builder("dispatch.sender.rate.limit", limit, AtomicInteger::get)
				.description("The send rate limit of a sender, in messages per second")
				.tag("sender", key)
				.register(this.registry);
			return limit;
		}).set(messagesPerSecond);
	}

	/** A send put on the retry topic, by the Graph error code that called for it. */
	public void retryScheduled(int code) {
		retries(Integer.toString(code)).increment();
	}

	/**
	 * A recipient that waits to be sent again later (Meta's per-user marketing limit),
	 * counted apart from retries and failures.
	 */
	public void deferred(Integer code) {
		Counter.builder("dispatch.deferred")
			.description("Recipients held back by Meta's per-user marketing limit, to be sent again later")
			.tag("code", String.valueOf(code))
			.register(this.registry)
			.increment();
	}

	/** A failure that counts towards the sender's three strikes. */
	public void senderFailure(String sender) {
		Counter.builder("dispatch.sender.failures")
			.description("Connection failures of a sender (connect errors, token errors, server errors)")
			.tag("sender", sender)
			.register(this.registry)
			.increment();
	}

	private Counter retries(String reason) {
		return Counter.builder("dispatch.retries")
			.description("Sends scheduled on the retry topic, by the Graph error code that caused them")
			.tags("topic", Topics.DISPATCH_RETRY, "reason", reason)
			.register(this.registry);
	}

	private Timer waitTimer(String limiter) {
		return Timer.builder("dispatch.ratelimit.wait")
			.description("Time a send waited for a rate limiter before it went out")
			.tag("limiter", limiter)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(60))
			.register(this.registry);
	}

}
