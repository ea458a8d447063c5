package com.wacampaigns.ingestor.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.wacampaigns.common.RecipientStatus;
import com.wacampaigns.common.events.StatusReported;

/**
 * The recipient state machine. A batch of events is collapsed to one candidate per
 * recipient (its highest state, with the earliest time of each state seen), then applied
 * forward-only in one statement that also moves every touched campaign's counters by
 * exactly the transitions that took place.
 */
@Service
public class StatusIngestion {

	private static final Logger log = LoggerFactory.getLogger(StatusIngestion.class);

	private final JdbcRecipientStatusRepository repository;

	StatusIngestion(JdbcRecipientStatusRepository repository) {
		this.repository = repository;
	}

	@Transactional
	public BatchResult apply(List<StatusReported> events) {
		if (events.isEmpty()) {
			return new BatchResult(0, 0, 0);
		}
		List<StatusReported> resolved = resolveByWamid(events);
		List<Candidate> candidates = collapse(resolved);
		BatchResult result = this.repository.apply(candidates);
		log.debug("Applied {} of {} status events ({} candidates), {} campaigns completed", result.applied(),
				events.size(), candidates.size(), result.completedCampaigns());
		return result;
	}

	private List<StatusReported> resolveByWamid(List<StatusReported> events) {
		List<String> unknown = events.stream()
			.filter((event) -> event.recipientId() == null && event.wamid() != null)
			.map(StatusReported::wamid)
			.toList();
		if (unknown.isEmpty()) {
			return events;
		}
		Map<String, UUID> recipients = this.repository.recipientsByWamid(unknown);
		List<StatusReported> resolved = new ArrayList<>(events.size());
		for (StatusReported event : events) {
			if (event.recipientId() != null) {
				resolved.add(event);
			}
			else if (recipients.containsKey(event.wamid())) {
				resolved.add(new StatusReported(event.campaignId(), recipients.get(event.wamid()), event.wamid(),
						event.status(), event.occurredAt(), event.errorCode(), event.errorMessage(), event.source()));
			}
			else {
				log.warn("Status {} for unknown message {} was dropped", event.status(), event.wamid());
			}
		}
		return resolved;
	}

	static List<Candidate> collapse(List<StatusReported> events) {
		Map<UUID, Candidate> byRecipient = new LinkedHashMap<>();
		for (StatusReported event : events) {
			byRecipient.merge(event.recipientId(), Candidate.of(event), Candidate::merge);
		}
		return List.copyOf(byRecipient.values());
	}

	/**
	 * What one batch says about one recipient.
	 *
	 * @param status the state to move to
	 * @param sentAt earliest time it was seen sent (or later)
	 * @param deliveredAt earliest time it was seen delivered (or read, which implies it)
	 */
	record Candidate(UUID recipientId, RecipientStatus status, String wamid, Instant sentAt, Instant deliveredAt,
			Instant readAt, Instant failedAt, Integer errorCode, String errorMessage) {

		static Candidate of(StatusReported event) {
			RecipientStatus status = event.status();
			Instant at = event.occurredAt();
			boolean sent = status == RecipientStatus.SENT || status == RecipientStatus.DELIVERED
					|| status == RecipientStatus.READ;
			boolean delivered = status == RecipientStatus.DELIVERED || status == RecipientStatus.READ;
			boolean failed = status == RecipientStatus.FAILED;
			return new Candidate(event.recipientId(), status, event.wamid(), sent ? at : null, delivered ? at : null,
					(status == RecipientStatus.READ) ? at : null, failed ? at : null, failed ? event.errorCode() : null,
					failed ? event.errorMessage() : null);
		}

		Candidate merge(Candidate other) {
			Candidate winner = (other.status.rank() > this.status.rank()) ? other : this;
			return new Candidate(this.recipientId, winner.status, (this.wamid != null) ? this.wamid : other.wamid,
					earliest(this.sentAt, other.sentAt), earliest(this.deliveredAt, other.deliveredAt),
					earliest(this.readAt, other.readAt), winner.failedAt, winner.errorCode, winner.errorMessage);
		}

		private static Instant earliest(Instant a, Instant b) {
			if (a == null) {
				return b;
			}
			return (b == null || a.isBefore(b)) ? a : b;
		}

	}

	/**
	 * @param candidates recipients the batch spoke of
	 * @param applied transitions that took place
	 * @param completedCampaigns campaigns this batch completed
	 */
	public record BatchResult(int candidates, int applied, int completedCampaigns) {

	}

}
