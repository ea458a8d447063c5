package com.wacampaigns.dispatcher.sending;

import java.util.List;
import java.util.Objects;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.DispatchRequested;

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
	void onDispatch(List<DispatchRequested> records) {
		this.dispatch.dispatch(records.stream().filter(Objects::nonNull).toList());
	}

}
