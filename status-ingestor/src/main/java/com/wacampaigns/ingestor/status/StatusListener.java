package com.wacampaigns.ingestor.status;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.StatusReported;
import com.wacampaigns.common.kafka.PoisonRecords;

/**
 * Takes batches of status events off {@code whatsapp.status}.
 */
@Component
class StatusListener {

	private final StatusIngestion ingestion;

	private final PoisonRecords poison;

	StatusListener(StatusIngestion ingestion, PoisonRecords poison) {
		this.ingestion = ingestion;
		this.poison = poison;
	}

	@KafkaListener(id = "status-ingestor", topics = Topics.WHATSAPP_STATUS, batch = "true")
	void onStatuses(List<ConsumerRecord<String, StatusReported>> events) {
		this.ingestion.apply(this.poison.readable(events, Topics.STATUS_DEAD_LETTER));
	}

}
