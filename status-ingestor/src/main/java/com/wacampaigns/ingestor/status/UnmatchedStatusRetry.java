package com.wacampaigns.ingestor.status;

import java.time.Duration;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import com.wacampaigns.ingestor.IngestorProperties;

/**
 * Looks at parked statuses now and then.
 */
@Component
class UnmatchedStatusRetry implements SchedulingConfigurer {

	private final StatusIngestion ingestion;

	private final Duration interval;

	UnmatchedStatusRetry(StatusIngestion ingestion, IngestorProperties properties) {
		this.ingestion = ingestion;
		this.interval = properties.unmatched().retryInterval();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(this::retry, this.interval);
	}

	void retry() {
		while (this.ingestion.retryUnmatched() > 0) {
			// Keep going while rounds make progress.
		}
	}

}
