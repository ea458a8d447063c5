package com.wacampaigns.ingestor.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.wacampaigns.common.RecipientStatus;
import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.StatusReported;
import com.wacampaigns.ingestor.IngestorProperties;

/**
 * The recipient state machine. A batch of events is collapsed to one candidate per
 * recipient (its highest state, with the earliest time of each state seen), then applied
 * forward-only in one statement that also moves every touched campaign's counters by
 * exactly the transitions that took place.
 */
@Service
public class StatusIngestion {

	private static final Logger log = LoggerFactory.getLogger(StatusIngestion.class);

	/**
	 * Meta's "user stopped marketing messages": the number goes on the owner's
	 * suppression list.
	 */
	static final int STOPPED_MARKETING = 131050;

	private final JdbcRecipientStatusRepository repository;

	private final JdbcUnmatchedStatuses unmatched;

	private final JsonMapper json;

	private final KafkaTemplate<String, String> kafka;

	private final IngestorProperties.Unmatched settings;

	private final IngestMetrics metrics;

	private final MessageStateEvents stateEvents;

	StatusIngestion(JdbcRecipientStatusRepository repository, JdbcUnmatchedStatuses unmatched, JsonMapper json,
			KafkaTemplate<String, String> kafka, IngestorProperties properties, IngestMetrics metrics,
			MessageStateEvents stateEvents) {
		this.metrics = metrics;
		this.stateEvents = stateEvents;
		this.repository = repository;
		this.unmatched = unmatched;
		this.json = json;
		this.kafka = kafka;
		this.settings = properties.unmatched();
	}

	/**
	 * Applies a batch; events whose message is not known yet are parked and tried again
	 * later.
	 */
	@Transactional
	public BatchResult apply(List<StatusReported> events) {
		if (events.isEmpty()) {
			return new BatchResult(0, 0, 0, 0);
		}
		this.metrics.batch(events.size());
		Resolved resolved = resolveByWamid(events);
		BatchResult result = applyMatched(resolved.matched());
		this.metrics.parked(resolved.unmatched().size());
		this.unmatched.park(resolved.unmatched()
			.stream()
			.map((event) -> new JdbcUnmatchedStatuses.Parked(event.wamid(), event.status().name(),
					this.json.writeValueAsString(event), 0))
			.toList(), this.settings.firstDelay());
		log.debug("Applied {} of {} status events, parked {}, completed {} campaigns", result.applied(), events.size(),
				resolved.unmatched().size(), result.completedCampaigns());
		return new BatchResult(result.candidates(), result.applied(), result.completedCampaigns(),
				resolved.unmatched().size());
	}

	/**
	 * Tries the parked events that are due again: applied when their message is known by
	 * now; otherwise again later, with a growing pause, and after the last attempt moved
	 * to the dead-letter topic for a person to look at.
	 * @return parked events that were applied
	 */
	@Transactional
	public int retryUnmatched() {
		List<JdbcUnmatchedStatuses.Parked> due = this.unmatched.due(this.settings.batchSize());
		if (due.isEmpty()) {
			return 0;
		}
		List<StatusReported> events = due.stream()
			.map((parked) -> this.json.readValue(parked.eventJson(), StatusReported.class))
			.toList();
		Resolved resolved = resolveByWamid(events);
		applyMatched(resolved.matched());
		Set<String> stillUnknown = resolved.unmatched()
			.stream()
			.map((event) -> event.wamid() + "|" + event.status())
			.collect(Collectors.toSet());
		for (JdbcUnmatchedStatuses.Parked parked : due) {
			if (!stillUnknown.contains(parked.wamid() + "|" + parked.status())) {
				this.unmatched.delete(parked);
			}
			else if (parked.attempts() + 1 >= this.settings.maxAttempts()) {
				this.kafka.send(Topics.STATUS_DEAD_LETTER, parked.wamid(), parked.eventJson()).join();
				this.metrics.deadLettered(Topics.STATUS_DEAD_LETTER);
				this.unmatched.delete(parked);
				log.warn("Status {} of unknown message {} dead-lettered after {} attempts", parked.status(),
						parked.wamid(), this.settings.maxAttempts());
			}
			else {
				long factor = 1L << Math.min(parked.attempts() + 1, 12);
				Duration delay = this.settings.firstDelay().multipliedBy(factor);
				this.unmatched.reschedule(parked,
						(delay.compareTo(this.settings.maxDelay()) > 0) ? this.settings.maxDelay() : delay);
			}
		}
		return due.size() - stillUnknown.size();
	}

	private BatchResult applyMatched(List<StatusReported> matched) {
		if (matched.isEmpty()) {
			return new BatchResult(0, 0, 0, 0);
		}
		List<Candidate> candidates = collapse(matched);
		long start = System.nanoTime();
		JdbcRecipientStatusRepository.Applied applied = this.repository.apply(candidates);
		BatchResult result = applied.result();
		this.metrics.applied(result.appliedByStatus(), System.nanoTime() - start);
		publishBeforeCommit(applied.told());
		List<UUID> optedOut = candidates.stream()
			.filter((candidate) -> candidate.status() == RecipientStatus.FAILED
					&& Integer.valueOf(STOPPED_MARKETING).equals(candidate.errorCode()))
			.map(Candidate::recipientId)
			.toList();
		if (!optedOut.isEmpty()) {
			this.repository.suppress(optedOut, "Stopped marketing messages (131050)");
		}
		return result;
	}

	/**
	 * Tells the applied states to users' endpoints as the last step of the batch's
	 * transaction, once everything else in it has been written: a batch that fails before
	 * that tells nothing, and one whose publishing fails is rolled back and applied
	 * again.
	 */
	private void publishBeforeCommit(String told) {
		if (told == null) {
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void beforeCommit(boolean readOnly) {
				StatusIngestion.this.stateEvents.publish(told);
			}

		});
	}

	private Resolved resolveByWamid(List<StatusReported> events) {
		List<String> unknown = events.stream()
			.filter((event) -> event.recipientId() == null && event.wamid() != null)
			.map(StatusReported::wamid)
			.toList();
		if (unknown.isEmpty()) {
			return new Resolved(events, List.of());
		}
		Map<String, UUID> recipients = this.repository.recipientsByWamid(unknown);
		List<StatusReported> matched = new ArrayList<>(events.size());
		List<StatusReported> unmatched = new ArrayList<>();
		for (StatusReported event : events) {
			if (event.recipientId() != null) {
				matched.add(event);
			}
			else if (recipients.containsKey(event.wamid())) {
				matched.add(new StatusReported(event.campaignId(), recipients.get(event.wamid()), event.wamid(),
						event.status(), event.occurredAt(), event.errorCode(), event.errorMessage(), event.source()));
			}
			else if (event.wamid() != null) {
				unmatched.add(event);
			}
		}
		return new Resolved(matched, unmatched);
	}

	private record Resolved(List<StatusReported> matched, List<StatusReported> unmatched) {

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
	 * @param parked events whose message is not known yet
	 * @param appliedByStatus the transitions applied, by the state they led to
	 */
	public record BatchResult(int candidates, int applied, int completedCampaigns, int parked,
			Map<String, Integer> appliedByStatus) {

		public BatchResult(int candidates, int applied, int completedCampaigns, int parked) {
			this(candidates, applied, completedCampaigns, parked, Map.of());
		}

	}

}
