package com.wacampaigns.gateway.feed;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.gateway.feed.JdbcFeedRepository.FedUpTo;

/**
 * Whether the dispatchers have read a campaign's records: they have once their group's
 * committed offset on the campaign's partition of {@code campaign.dispatch} is past its
 * last record (they commit a batch once its sends are done), or once Kafka no longer
 * holds that record (retention). Until then a PENDING recipient may still have its record
 * waiting in Kafka, and feeding it again would only double the backlog.
 */
@Component
class DispatchBacklog implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DispatchBacklog.class);

	private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

	private final Admin admin;

	DispatchBacklog(KafkaAdmin kafka) {
		this.admin = Admin.create(kafka.getConfigurationProperties());
	}

	/**
	 * {@code false} also when Kafka does not answer: the sweep waits for its next turn.
	 */
	boolean readPast(FedUpTo fed) {
		TopicPartition partition = new TopicPartition(Topics.CAMPAIGN_DISPATCH, fed.partition());
		try {
			OffsetAndMetadata committed = this.admin.listConsumerGroupOffsets(Topics.DISPATCHER_GROUP)
				.partitionsToOffsetAndMetadata()
				.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS)
				.get(partition);
			if (committed != null && committed.offset() > fed.offset()) {
				return true;
			}
			long firstHeld = this.admin.listOffsets(Map.of(partition, OffsetSpec.earliest()))
				.partitionResult(partition)
				.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS)
				.offset();
			return firstHeld > fed.offset();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("Could not read the dispatchers' offsets on {}; the sweep waits", partition, ex);
			return false;
		}
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(5));
	}

}
