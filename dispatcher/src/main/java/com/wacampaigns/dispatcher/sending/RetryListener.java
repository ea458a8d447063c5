package com.wacampaigns.dispatcher.sending;

import java.util.List;
import java.util.Objects;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.DispatchRetryScheduled;

/**
 * Takes refused sends off {@code campaign.dispatch.retry} and tries them again when due.
 */
@Component
class RetryListener {

	private final CampaignDispatch dispatch;

	RetryListener(CampaignDispatch dispatch) {
		this.dispatch = dispatch;
	}

	@KafkaListener(id = "dispatcher-retry", topics = Topics.DISPATCH_RETRY, batch = "true",
			properties = "spring.json.value.default.type=com.wacampaigns.common.events.DispatchRetryScheduled")
	void onRetries(List<DispatchRetryScheduled> retries) {
		this.dispatch.retry(retries.stream().filter(Objects::nonNull).toList());
	}

}
