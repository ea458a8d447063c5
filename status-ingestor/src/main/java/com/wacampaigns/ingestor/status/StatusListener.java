package com.wacampaigns.ingestor.status;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.StatusReported;
import com.wacampaigns.common.kafka.PoisonRecords;

/**
 * Takes batches of status events off {@code whatsapp.status}. Offsets are committed only
 * once a batch is applied; an event that can never be applied goes to the dead-letter
 * topic and the rest of its batch is applied.
 */
@Component
class StatusListener {

	private final StatusIngestion ingestion;

	StatusListener(StatusIngestion ingestion) {
		this.ingestion = ingestion;
	}

	@KafkaListener(id = "status-ingestor", topics = Topics.WHATSAPP_STATUS, batch = "true")
	void onStatuses(List<ConsumerRecord<String, StatusReported>> events) {
		PoisonRecords.apply(events, StatusListener::problemOf, this.ingestion::apply);
	}

	/** What makes an event impossible to apply, or {@code null}. */
	static String problemOf(StatusReported event) {
		if (event.status() == null) {
			return "A status event without a status";
		}
		if (event.recipientId() == null && event.wamid() == null) {
			return "A status event that names neither a recipient nor a message";
		}
		if (event.occurredAt() == null) {
			return "A status event without its time";
		}
		return null;
	}

}
