package com.wacampaigns.ingestor.status;

import java.util.List;
import java.util.Objects;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.StatusReported;

/**
 * Takes batches of status events off {@code whatsapp.status}.
 */
@Component
class StatusListener {

	private final StatusIngestion ingestion;

	StatusListener(StatusIngestion ingestion) {
		this.ingestion = ingestion;
	}

	@KafkaListener(id = "status-ingestor", topics = Topics.WHATSAPP_STATUS, batch = "true")
	void onStatuses(List<StatusReported> events) {
		// A value that could not be deserialised arrives as null; the error handler has
		// logged it.
		this.ingestion.apply(events.stream().filter(Objects::nonNull).toList());
	}

}
