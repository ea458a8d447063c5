package com.wacampaigns.dispatcher.sending;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.DispatchRetryScheduled;
import com.wacampaigns.common.kafka.PoisonRecords;

/**
 * Takes refused sends off {@code campaign.dispatch.retry} and tries them again when due.
 * <p>
 * Hand-made rather than spring-kafka's {@code @RetryableTopic}: that retries a record
 * whose listener threw, one record at a time, on a topic per delay, whereas here a batch
 * listener sends hundreds of records at once and only some come back refused, each with
 * its own due time (Meta's {@code Retry-After} or our backoff); and a retry must be paced
 * by the same limiter as its sender's first sends and must not run when the recipient's
 * row no longer expects it ({@code DispatchRetryScheduled.attemptsMade}: paused, retried
 * by hand, settled meanwhile).
 */
@Component
class RetryListener {

	private final CampaignDispatch dispatch;

	RetryListener(CampaignDispatch dispatch) {
		this.dispatch = dispatch;
	}

	@KafkaListener(id = "dispatcher-retry", topics = Topics.DISPATCH_RETRY, batch = "true",
			properties = "spring.json.value.default.type=com.wacampaigns.common.events.DispatchRetryScheduled")
	void onRetries(List<ConsumerRecord<String, DispatchRetryScheduled>> retries) {
		PoisonRecords.apply(
				retries, (retry) -> (retry.request() == null || retry.notBefore() == null)
						? "A retry without its record or time" : DispatchListener.problemOf(retry.request()),
				this.dispatch::retry);
	}

}
