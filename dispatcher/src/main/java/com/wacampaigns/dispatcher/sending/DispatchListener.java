package com.wacampaigns.dispatcher.sending;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.kafka.PoisonRecords;
import com.wacampaigns.common.events.DispatchRequested;

/**
 * Takes batches of dispatch records off {@code campaign.dispatch}; offsets are committed
 * once the batch's sends are done and their outcomes are in Kafka.
 */
@Component
class DispatchListener {

	private final CampaignDispatch dispatch;

	private final PoisonRecords poison;

	DispatchListener(CampaignDispatch dispatch, PoisonRecords poison) {
		this.dispatch = dispatch;
		this.poison = poison;
	}

	@KafkaListener(id = "dispatcher", topics = Topics.CAMPAIGN_DISPATCH, batch = "true")
	void onDispatch(List<ConsumerRecord<String, DispatchRequested>> records) {
		this.dispatch.dispatch(this.poison.readable(records, Topics.DISPATCH_DEAD_LETTER));
	}

}
