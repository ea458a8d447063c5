package com.wacampaigns.ingestor.status;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import com.wacampaigns.common.RecipientStatus;
import com.wacampaigns.common.Topics;
import com.wacampaigns.common.metrics.DeadLetterMeter;

/**
 * What the status ingestor tells Prometheus: how big its batches are, how many state
 * transitions they applied (by the state reached), how long the one statement that
 * applies them and moves the counters takes, and the statuses of unknown messages it had
 * to park or give up on.
 */
@Component
class IngestMetrics {

	private final MeterRegistry registry;

	private final DistributionSummary batchSize;

	private final Timer counterUpdate;

	private final Counter parked;

	IngestMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.batchSize = DistributionSummary.builder("ingest.batch.size")
			.description("Status events in one consumer batch")
			.register(registry);
		this.counterUpdate = Timer.builder("ingest.counter.update")
			.description("Time of the statement that applies a batch's transitions and moves the campaign counters")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(registry);
		this.parked = Counter.builder("ingest.unmatched.parked")
			.description("Status events of messages not known yet, parked to be matched later")
			.register(registry);
		for (RecipientStatus status : RecipientStatus.values()) {
			transitions(status.name());
		}
		DeadLetterMeter.of(this.registry, Topics.STATUS_DEAD_LETTER);
	}

	void batch(int events) {
		this.batchSize.record(events);
	}

	void applied(Map<String, Integer> byStatus, long nanos) {
		this.counterUpdate.record(nanos, TimeUnit.NANOSECONDS);
		byStatus.forEach((status, count) -> transitions(status).increment(count));
	}

	void parked(int events) {
		this.parked.increment(events);
	}

	void deadLettered(String topic) {
		DeadLetterMeter.of(this.registry, topic).increment();
	}

	private Counter transitions(String status) {
		return Counter.builder("ingest.transitions.applied")
			.description("Recipient state transitions applied, by the state reached")
			.tag("status", status.toLowerCase(Locale.ROOT))
			.register(this.registry);
	}

}
