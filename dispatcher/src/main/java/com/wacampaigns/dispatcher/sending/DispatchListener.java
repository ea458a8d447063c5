package com.wacampaigns.dispatcher.sending;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.DispatchRequested;
import com.wacampaigns.common.events.DispatchRetryScheduled;
import com.wacampaigns.common.kafka.PoisonRecords;

/**
 * Takes batches off {@code campaign.dispatch} and {@code campaign.dispatch.retry}, read
 * together so that a sender's first sends and retries are paced on the one instance that
 * owns its partition of both ({@link DispatchConsumerConfiguration}). First sends go at
 * once; retries wait in {@link WaitingRetries} until due. Offsets are committed once the
 * batch's sends are done and their outcomes are in Kafka, short of any retry not yet
 * done.
 */
@Component
class DispatchListener {

	private final CampaignDispatch dispatch;

	private final WaitingRetries retries;

	DispatchListener(CampaignDispatch dispatch, WaitingRetries retries) {
		this.dispatch = dispatch;
		this.retries = retries;
	}

	@KafkaListener(id = Topics.DISPATCHER_GROUP, topics = { Topics.CAMPAIGN_DISPATCH, Topics.DISPATCH_RETRY },
			batch = "true", containerFactory = DispatchConsumerConfiguration.CONTAINER_FACTORY)
	void onRecords(List<ConsumerRecord<String, Object>> records, Consumer<?, ?> consumer) {
		PoisonRecords.applyRecords(records, DispatchListener::problemOf, this::dispatch);
		consumer.commitSync(this.retries.committable(records, consumer.assignment()));
	}

	private void dispatch(List<ConsumerRecord<String, Object>> records) {
		List<DispatchRequested> firstSends = new ArrayList<>(records.size());
		for (ConsumerRecord<String, Object> record : records) {
			switch (record.value()) {
				case DispatchRequested request -> firstSends.add(request);
				case DispatchRetryScheduled retry -> this.retries.hold(record, retry);
				default -> throw new IllegalStateException("Not a dispatch record: " + record.value().getClass());
			}
		}
		if (!firstSends.isEmpty()) {
			this.dispatch.dispatch(firstSends);
		}
	}

	/** What makes a record of either topic impossible to send, or {@code null}. */
	static String problemOf(Object value) {
		return switch (value) {
			case DispatchRequested request -> problemOf(request);
			case DispatchRetryScheduled retry -> (retry.request() == null || retry.notBefore() == null)
					? "A retry without its record or time" : problemOf(retry.request());
			default -> "Not a dispatch record";
		};
	}

	/** What makes a dispatch record impossible to send, or {@code null}. */
	static String problemOf(DispatchRequested request) {
		if (request.campaignId() == null || request.recipientId() == null) {
			return "A dispatch record without its campaign or recipient";
		}
		if (request.phoneNumberId() == null || request.phone() == null || request.templateName() == null) {
			return "A dispatch record without its sender, phone or template";
		}
		if (request.rateLimit() < 1 || request.maxWorkers() < 1) {
			return "A dispatch record without a rate or workers";
		}
		if (request.components() == null) {
			// Written before template components (an upgrade): Meta would refuse it. Its
			// recipient is still PENDING, and the feeder's tail sweep feeds it again.
			return "A dispatch record without its template components";
		}
		return null;
	}

}
