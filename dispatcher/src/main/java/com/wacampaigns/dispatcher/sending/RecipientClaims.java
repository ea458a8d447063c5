package com.wacampaigns.dispatcher.sending;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The dispatcher's writes to recipient rows, none of them a final state (the
 * status-ingestor writes those): the claim {@code PENDING → SENDING} before the send, its
 * release back to PENDING when nothing was sent, and the mark of a send Meta refused for
 * now ({@link SendAttempts} records each attempt). A recipient that is not PENDING
 * (already claimed by an earlier delivery of the same record, skipped, cancelled), whose
 * campaign is not RUNNING (paused, stopped), or whose number is suppressed, is not
 * claimed, and so never sent.
 */
@Repository
class RecipientClaims {

	/**
	 * Recipients are found by primary key only: a condition on {@code campaign_id} would
	 * let the planner walk every PENDING row of the campaign through the
	 * {@code (campaign_id, status)} index, once per chunk. The campaign's state and owner
	 * are read once, as constants. A recipient whose number the owner has suppressed
	 * since the import is not claimed but returned as suppressed, to be reported SKIPPED.
	 */
	private static final String CLAIM = """
			WITH campaign AS (
			    SELECT user_id, status FROM campaigns WHERE id = :campaignId
			),
			candidates AS (
			    SELECT r.id,
			           EXISTS (SELECT 1 FROM suppressions s
			                   WHERE s.user_id = (SELECT user_id FROM campaign) AND s.phone = r.full_phone) AS suppressed
			    FROM campaign_recipients r
			    WHERE r.id = ANY(:ids::uuid[])
			      AND r.status = 'PENDING'
			      -- Not one still waiting for Meta's marketing limit; written without an OR,
			      -- which led the planner off the primary key (dispatch 30% slower).
			      AND coalesce(r.not_before, '-infinity') <= now()
			      AND (SELECT status FROM campaign) = 'RUNNING'
			),
			claimed AS (
			    UPDATE campaign_recipients
			    SET status = 'SENDING', claimed_at = now(), attempted_at = NULL
			    WHERE id = ANY(ARRAY(SELECT id FROM candidates WHERE NOT suppressed))
			      AND status = 'PENDING'
			    RETURNING id
			)
			SELECT id, false AS suppressed FROM claimed
			UNION ALL
			SELECT id, true AS suppressed FROM candidates WHERE suppressed
			""";

	/**
	 * A retry runs only if the recipient is still SENDING with the attempts its record
	 * saw, so a duplicated retry record, or one that a pause, a release or a retry of
	 * failures overtook, does nothing. If the campaign is no longer RUNNING, the
	 * recipient goes back to PENDING (it was refused, not sent), to be fed again on
	 * resume. The attempt itself is counted by {@link SendAttempts}, just before the
	 * send.
	 */
	private static final String CLAIM_RETRY = """
			UPDATE campaign_recipients r
			SET status = CASE WHEN (SELECT status FROM campaigns WHERE id = :campaignId) = 'RUNNING'
			                  THEN 'SENDING' ELSE 'PENDING' END,
			    claimed_at = now()
			FROM unnest(:ids::uuid[], :attempts::int[]) AS t (id, attempts)
			WHERE r.id = t.id AND r.status = 'SENDING' AND r.retry_count = t.attempts
			RETURNING r.id, r.status
			""";

	/** A send that certainly did not happen: the recipient may be fed again. */
	/**
	 * Back to PENDING until {@code :notBefore}, for the recipients that may still wait;
	 * the others are left SENDING, for their failure to settle them.
	 */
	private static final String DEFER = """
			UPDATE campaign_recipients
			SET status = 'PENDING', claimed_at = NULL, attempted_at = NULL, not_before = :notBefore,
			    deferrals = deferrals + 1, error_code = :code, error_message = :message
			WHERE id = ANY(:ids::uuid[]) AND status = 'SENDING' AND deferrals < :maxDeferrals
			RETURNING id
			""";

	private static final String RELEASE = """
			UPDATE campaign_recipients
			SET status = 'PENDING', claimed_at = NULL, attempted_at = NULL
			WHERE id = ANY(:ids::uuid[]) AND status = 'SENDING'
			""";

	/**
	 * Meta refused these sends, so nothing of theirs is in flight while they wait for
	 * their retry: after a crash the reconciler may feed them again rather than report
	 * them unknown. A row attempted again since is left alone.
	 */
	private static final String REFUSED = """
			UPDATE campaign_recipients r
			SET attempted_at = NULL
			FROM unnest(:ids::uuid[], :attempts::int[]) AS t (id, attempts)
			WHERE r.id = t.id AND r.status = 'SENDING' AND r.retry_count = t.attempts
			""";

	private final JdbcClient jdbc;

	RecipientClaims(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Claims what it can of {@code recipientIds} in one statement. */
	Claim claim(UUID campaignId, List<UUID> recipientIds) {
		Claim claim = new Claim(new HashSet<>(), new HashSet<>());
		this.jdbc.sql(CLAIM)
			.param("ids", recipientIds.stream().map(UUID::toString).toArray(String[]::new))
			.param("campaignId", campaignId)
			.query((rs) -> {
				UUID id = rs.getObject("id", UUID.class);
				(rs.getBoolean("suppressed") ? claim.suppressed() : claim.claimed()).add(id);
			});
		return claim;
	}

	/**
	 * Claims recipients for their retries; {@code attempts} holds the attempts each one's
	 * retry record saw.
	 */
	Claim claimRetry(UUID campaignId, List<UUID> recipientIds, List<Integer> attempts) {
		Claim claim = new Claim(new HashSet<>(), new HashSet<>());
		this.jdbc.sql(CLAIM_RETRY)
			.param("ids", recipientIds.stream().map(UUID::toString).toArray(String[]::new))
			.param("attempts", attempts.stream().map(String::valueOf).toArray(String[]::new))
			.param("campaignId", campaignId)
			.query((rs) -> {
				if ("SENDING".equals(rs.getString("status"))) {
					claim.claimed().add(rs.getObject("id", UUID.class));
				}
			});
		return claim;
	}

	/**
	 * @return the recipients that wait; the others have waited as often as they may
	 */
	Set<UUID> defer(List<UUID> recipientIds, Instant notBefore, int maxDeferrals, Integer code, String reason) {
		return Set.copyOf(this.jdbc.sql(DEFER)
			.param("ids", recipientIds.stream().map(UUID::toString).toArray(String[]::new))
			.param("notBefore", Timestamp.from(notBefore))
			.param("maxDeferrals", maxDeferrals)
			.param("code", code)
			.param("message", "Waits for Meta's per-user marketing limit until " + notBefore + ": " + reason)
			.query(UUID.class)
			.list());
	}

	void release(List<UUID> recipientIds) {
		if (!recipientIds.isEmpty()) {
			this.jdbc.sql(RELEASE)
				.param("ids", recipientIds.stream().map(UUID::toString).toArray(String[]::new))
				.update();
		}
	}

	/**
	 * @param attempts each recipient's attempts when Meta refused it
	 */
	void refused(List<UUID> recipientIds, List<Integer> attempts) {
		if (!recipientIds.isEmpty()) {
			this.jdbc.sql(REFUSED)
				.param("ids", recipientIds.stream().map(UUID::toString).toArray(String[]::new))
				.param("attempts", attempts.stream().map(String::valueOf).toArray(String[]::new))
				.update();
		}
	}

	/**
	 * @param claimed now SENDING: to be sent, once
	 * @param suppressed still PENDING, on the owner's suppression list: not to be sent
	 */
	record Claim(Set<UUID> claimed, Set<UUID> suppressed) {

	}

}
