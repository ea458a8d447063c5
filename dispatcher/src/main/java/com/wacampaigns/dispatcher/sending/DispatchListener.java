package com.wacampaigns.dispatcher.sending;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.DispatchRequested;
import com.wacampaigns.common.kafka.PoisonRecords;

/**
 * Takes batches of dispatch records off {@code campaign.dispatch}; offsets are committed
 * once the batch's sends are done and their outcomes are in Kafka.
 */
@Component
class DispatchListener {

	private final CampaignDispatch dispatch;

	DispatchListener(CampaignDispatch dispatch) {
		this.dispatch = dispatch;
	}

	@KafkaListener(id = "dispatcher", topics = Topics.CAMPAIGN_DISPATCH, batch = "true")
	void onDispatch(List<ConsumerRecord<String, DispatchRequested>> records) {
		PoisonRecords.apply(records, DispatchListener::problemOf, this.dispatch::dispatch);
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
