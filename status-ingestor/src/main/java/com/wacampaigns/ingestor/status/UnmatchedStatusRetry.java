package com.wacampaigns.ingestor.status;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Looks at parked statuses now and then.
 */
@Component
class UnmatchedStatusRetry {

	private final StatusIngestion ingestion;

	UnmatchedStatusRetry(StatusIngestion ingestion) {
		this.ingestion = ingestion;
	}

	@Scheduled(fixedDelayString = "${ingestor.unmatched.retry-interval:2s}")
	void retry() {
		while (this.ingestion.retryUnmatched() > 0) {
			// Keep going while rounds make progress.
		}
	}

}
