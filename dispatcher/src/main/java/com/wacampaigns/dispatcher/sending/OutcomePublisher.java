package com.wacampaigns.dispatcher.sending;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.StatusReported;

/**
 * Publishes the send outcomes of one consumer batch to {@code whatsapp.status} without
 * waiting for each, then waits for all of them once, before the batch's offsets are
 * committed.
 */
final class OutcomePublisher {

	private final KafkaTemplate<String, Object> kafka;

	private final List<CompletableFuture<SendResult<String, Object>>> pending = new CopyOnWriteArrayList<>();

	OutcomePublisher(KafkaTemplate<String, Object> kafka) {
		this.kafka = kafka;
	}

	void publish(StatusReported event) {
		this.pending.add(this.kafka.send(Topics.WHATSAPP_STATUS, event.campaignId().toString(), event));
	}

	/** Waits until Kafka acknowledged every outcome; throws if any was not written. */
	void awaitAll() {
		CompletableFuture.allOf(this.pending.toArray(CompletableFuture[]::new)).join();
	}

}
