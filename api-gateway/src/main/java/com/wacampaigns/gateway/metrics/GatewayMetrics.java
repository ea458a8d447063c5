package com.wacampaigns.gateway.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.RecipientStatus;
import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.StatusReported;
import com.wacampaigns.common.metrics.DeadLetterMeter;

/**
 * What the gateway tells Prometheus: Meta's webhooks as they arrive, the records fed to
 * {@code campaign.dispatch}, and, read from PostgreSQL every few seconds, the campaigns
 * running, the recipients still to send and each sender's connection state. Labels stay
 * bounded (result, status, sender); no campaign or recipient ids.
 */
@Component
public class GatewayMetrics {

	private static final String RUNNING_AND_PENDING = """
			SELECT count(*) FILTER (WHERE status = 'RUNNING') AS running,
			       coalesce(sum(pending) FILTER (WHERE status IN ('RUNNING', 'PAUSED', 'SCHEDULED')), 0) AS pending
			FROM campaigns
			WHERE status IN ('RUNNING', 'PAUSED', 'SCHEDULED')
			""";

	private static final String SENDERS = """
			SELECT phone_number_id, status, connection_failure_count FROM senders
			""";

	private final MeterRegistry registry;

	private final JdbcClient jdbc;

	private final Timer answers;

	private final Counter signatureFailures;

	private final Counter fed;

	/** One counter per status, made up front: a webhook can carry a thousand events. */
	private final Map<RecipientStatus, Counter> events = new EnumMap<>(RecipientStatus.class);

	private final AtomicLong running = new AtomicLong();

	private final AtomicLong pending = new AtomicLong();

	private final MultiGauge senderConnected;

	private final MultiGauge senderFailures;

	private final Map<String, AtomicInteger> connected = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

	GatewayMetrics(MeterRegistry registry, JdbcClient jdbc) {
		this.registry = registry;
		this.jdbc = jdbc;
		this.answers = Timer.builder("webhook.answer")
			.description("Time from a webhook POST's arrival to the gateway's answer (after Kafka's ack)")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(10))
			.register(registry);
		this.signatureFailures = Counter.builder("webhook.signature.failures")
			.description("Webhook POSTs refused for a missing or wrong X-Hub-Signature-256")
			.register(registry);
		this.fed = Counter.builder("dispatch.feed.records")
			.description("Recipients fed to campaign.dispatch")
			.register(registry);
		Gauge.builder("campaigns.running", this.running, AtomicLong::get)
			.description("Campaigns in status RUNNING")
			.register(registry);
		Gauge.builder("campaigns.recipients.pending", this.pending, AtomicLong::get)
			.description("Recipients not yet settled in running, paused and scheduled campaigns")
			.register(registry);
		this.senderConnected = MultiGauge.builder("sender.connected")
			.description("1 while a sender (WhatsApp business number) is CONNECTED, else 0")
			.register(registry);
		this.senderFailures = MultiGauge.builder("sender.connection.failures")
			.description("Consecutive connection failures of a sender; three disconnect it")
			.register(registry);
		for (String result : List.of("accepted", "bad_signature", "malformed", "too_large", "unavailable")) {
			requests(result);
		}
		DeadLetterMeter.of(this.registry, Topics.WEBHOOK_DEAD_LETTER);
		for (RecipientStatus status : RecipientStatus.values()) {
			this.events.put(status,
					Counter.builder("webhook.events")
						.description("Status events received in Meta's webhooks, by status")
						.tag("status", status.name().toLowerCase(Locale.ROOT))
						.register(registry));
		}
		refresh();
	}

	/**
	 * A webhook POST answered.
	 * @param result {@code accepted}, {@code bad_signature}, {@code malformed},
	 * {@code too_large} or {@code unavailable} (Kafka did not acknowledge)
	 */
	public void webhookAnswered(String result, long nanos) {
		requests(result).increment();
		this.answers.record(nanos, TimeUnit.NANOSECONDS);
		if (result.equals("bad_signature")) {
			this.signatureFailures.increment();
		}
	}

	/** Status events of an accepted webhook, by status. */
	public void webhookEvents(List<StatusReported> events) {
		for (StatusReported event : events) {
			this.events.get(event.status()).increment();
		}
	}

	public void deadLettered(String topic) {
		DeadLetterMeter.of(this.registry, topic).increment();
	}

	public void fed(int records) {
		this.fed.increment(records);
	}

	/** Reads the gauges that live in PostgreSQL; cheap (the campaigns status index). */
	@Scheduled(fixedDelayString = "${gateway.metrics.refresh:10s}")
	void refresh() {
		long[] runningAndPending = this.jdbc.sql(RUNNING_AND_PENDING)
			.query((rs, row) -> new long[] { rs.getLong("running"), rs.getLong("pending") })
			.single();
		this.running.set(runningAndPending[0]);
		this.pending.set(runningAndPending[1]);
		List<SenderState> senders = this.jdbc.sql(SENDERS)
			.query((rs, row) -> new SenderState(rs.getString(1), rs.getString(2), rs.getInt(3)))
			.list();
		// Each sender's gauges read a holder whose value changes, and are registered once
		// (no overwrite): re-registering them on every refresh left a moment in which a
		// scrape saw a sender's gauge twice (Prometheus refuses duplicate labels).
		for (SenderState sender : senders) {
			this.connected.computeIfAbsent(sender.phoneNumberId(), (id) -> new AtomicInteger())
				.set(sender.status().equals("CONNECTED") ? 1 : 0);
			this.failures.computeIfAbsent(sender.phoneNumberId(), (id) -> new AtomicInteger()).set(sender.failures());
		}
		this.senderConnected.register(rows(senders, this.connected), false);
		this.senderFailures.register(rows(senders, this.failures), false);
	}

	private static List<MultiGauge.Row<?>> rows(List<SenderState> senders, Map<String, AtomicInteger> values) {
		return senders
			.stream().<MultiGauge
					.Row<?>>map(
							(sender) -> MultiGauge.Row.of(Tags.of("sender", sender.phoneNumberId()),
									values.get(sender.phoneNumberId()), AtomicInteger::get))
			.toList();
	}

	private Counter requests(String result) {
		return Counter.builder("webhook.requests")
			.description("Webhook POSTs from Meta, by how they were answered")
			.tag("result", result)
			.register(this.registry);
	}

	private record SenderState(String phoneNumberId, String status, int failures) {

	}

}
