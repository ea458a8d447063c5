package com.wacampaigns.ingestor.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.wacampaigns.common.RecipientStatus;
import com.wacampaigns.common.events.StatusReported;
import com.wacampaigns.ingestor.status.StatusIngestion.Candidate;

import static org.assertj.core.api.Assertions.assertThat;

class StatusIngestionTests {

	private static final UUID CAMPAIGN = UUID.randomUUID();

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void shouldCollapseOneRecipientsEventsToItsHighestStateWithTheEarliestTimes() {
		UUID recipient = UUID.randomUUID();
		List<Candidate> candidates = StatusIngestion.collapse(List.of(webhook(recipient, RecipientStatus.READ, 30),
				webhook(recipient, RecipientStatus.SENT, 10),
				StatusReported.accepted(CAMPAIGN, recipient, "wamid.A", T0),
				webhook(recipient, RecipientStatus.DELIVERED, 20), webhook(recipient, RecipientStatus.SENT, 12)));
		assertThat(candidates).singleElement().satisfies((candidate) -> {
			assertThat(candidate.status()).isEqualTo(RecipientStatus.READ);
			assertThat(candidate.wamid()).isEqualTo("wamid.A");
			assertThat(candidate.sentAt()).isEqualTo(T0.plusSeconds(10));
			assertThat(candidate.deliveredAt()).isEqualTo(T0.plusSeconds(20));
			assertThat(candidate.readAt()).isEqualTo(T0.plusSeconds(30));
		});
	}

	@Test
	void shouldLetAFailureOutrankSentButNotDelivered() {
		UUID failedAfterSent = UUID.randomUUID();
		UUID deliveredAnyway = UUID.randomUUID();
		List<Candidate> candidates = StatusIngestion
			.collapse(List.of(webhook(failedAfterSent, RecipientStatus.SENT, 1), failure(failedAfterSent),
					failure(deliveredAnyway), webhook(deliveredAnyway, RecipientStatus.DELIVERED, 2)));
		assertThat(candidates).extracting(Candidate::status)
			.containsExactly(RecipientStatus.FAILED, RecipientStatus.DELIVERED);
		assertThat(candidates.get(0).errorCode()).isEqualTo(131026);
		assertThat(candidates.get(1).errorCode()).isNull();
		assertThat(candidates.get(1).failedAt()).isNull();
	}

	private static StatusReported webhook(UUID recipient, RecipientStatus status, int second) {
		return new StatusReported(CAMPAIGN, recipient, "wamid.A", status, T0.plusSeconds(second), null, null,
				StatusReported.Source.WEBHOOK);
	}

	private static StatusReported failure(UUID recipient) {
		return new StatusReported(CAMPAIGN, recipient, "wamid.A", RecipientStatus.FAILED, T0.plusSeconds(5), 131026,
				"Message undeliverable", StatusReported.Source.WEBHOOK);
	}

}
