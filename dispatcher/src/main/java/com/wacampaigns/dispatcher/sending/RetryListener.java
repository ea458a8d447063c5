package com.wacampaigns.dispatcher.sending;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.kafka.PoisonRecords;
import com.wacampaigns.common.events.DispatchRetryScheduled;

/**
 * Takes refused sends off {@code campaign.dispatch.retry} and tries them again when due.
 */
@Component
class RetryListener {

	private final CampaignDispatch dispatch;

	private final PoisonRecords poison;

	RetryListener(CampaignDispatch dispatch, PoisonRecords poison) {
		this.dispatch = dispatch;
		this.poison = poison;
	}

	@KafkaListener(id = "dispatcher-retry", topics = Topics.DISPATCH_RETRY, batch = "true",
			properties = "spring.json.value.default.type=com.wacampaigns.common.events.DispatchRetryScheduled")
	void onRetries(List<ConsumerRecord<String, DispatchRetryScheduled>> retries) {
		this.poison
			.apply(retries, Topics.DISPATCH_RETRY_DEAD_LETTER,
					(retry) -> (retry.request() == null || retry.notBefore() == null)
							? "A retry without its record or time" : DispatchListener.problemOf(retry.request()),
					this.dispatch::retry);
	}

}
