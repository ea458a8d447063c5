package com.wacampaigns.gateway.reconcile;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.wacampaigns.common.ErrorCodes;

/**
 * The reconciler's statements. Each takes at most {@code limit} rows, oldest claim first,
 * through the in-flight index, and skips rows the status-ingestor holds at that moment
 * (they are being settled anyway).
 */
@Repository
class JdbcInFlightRecipients {

	/**
	 * One reconciler at a time across gateways: whoever holds this row's lock for its
	 * transaction.
	 */
	private static final String LEASE = """
			WITH lease AS (
			    SELECT name FROM reconciler_lease WHERE name = 'recipients' FOR UPDATE SKIP LOCKED
			)
			UPDATE reconciler_lease l
			SET last_run = now()
			FROM lease
			WHERE l.name = lease.name
			""";

	/**
	 * Claimed but never attempted: the dispatcher that claimed them is gone (or has held
	 * them far longer than any chunk takes). Nothing reached Meta, so they go back to
	 * PENDING, and the feeder's sweep feeds them again. Counters do not move: both states
	 * are pending.
	 */
	private static final String RELEASE_UNSENT = """
			WITH stale AS (
			    SELECT id
			    FROM campaign_recipients
			    WHERE status = 'SENDING' AND attempted_at IS NULL
			      AND claimed_at < now() - make_interval(secs => :claimAgeSeconds)
			    ORDER BY claimed_at
			    LIMIT :limit
			    FOR UPDATE SKIP LOCKED
			)
			UPDATE campaign_recipients r
			SET status = 'PENDING', claimed_at = NULL
			FROM stale
			WHERE r.id = stale.id
			""";

	/**
	 * Sends whose outcome never came (attempted and still SENDING, or ACCEPTED without a
	 * status from Meta) for longer than the quiet period: FAILED with
	 * {@link ErrorCodes#OUTCOME_UNKNOWN} and the reason, with the campaign's counters
	 * (failed, pending, unknown) and the day's volume moved by exactly those rows, and a
	 * running campaign left with nothing pending completed. With the {@code resend}
	 * policy, only ACCEPTED ones are settled so (Meta has them: sending again would
	 * message twice); see {@link #RESEND_UNKNOWN}.
	 */
	private static final String FAIL_UNKNOWN = """
			WITH stale AS (
			    SELECT id
			    FROM campaign_recipients
			    WHERE status IN ('SENDING', 'ACCEPTED')
			      AND claimed_at < now() - make_interval(secs => :quietSeconds)
			      AND (status = 'ACCEPTED' OR (NOT :resend AND attempted_at < now() - make_interval(secs => :quietSeconds)))
			    ORDER BY claimed_at
			    LIMIT :limit
			    FOR UPDATE SKIP LOCKED
			),
			settled AS (
			    UPDATE campaign_recipients r
			    SET status        = 'FAILED',
			        failed_at     = now(),
			        error_code    = :unknown,
			        error_message = CASE WHEN r.status = 'ACCEPTED'
			                             THEN 'Outcome unknown: Meta accepted the message but sent no status within '
			                             ELSE 'Outcome unknown: Meta gave no answer that says whether it took the message, and no status within '
			                        END || :quietText || '; not sent again'
			    FROM stale
			    WHERE r.id = stale.id
			    RETURNING r.campaign_id
			),
			volume AS (
			    INSERT INTO message_volume (day, status, shard, count)
			    SELECT current_date, 'FAILED', CAST(txid_current() % 16 AS smallint), count(*)
			    FROM settled
			    HAVING count(*) > 0
			    ON CONFLICT (day, status, shard) DO UPDATE SET count = message_volume.count + EXCLUDED.count
			),
			counted AS (
			    UPDATE campaigns c
			    SET failed       = c.failed + s.n,
			        unknown      = c.unknown + s.n,
			        pending      = c.pending - s.n,
			        updated_at   = now(),
			        status       = CASE WHEN c.status = 'RUNNING' AND c.pending - s.n = 0
			                            THEN 'COMPLETED' ELSE c.status END,
			        completed_at = CASE WHEN c.status = 'RUNNING' AND c.pending - s.n = 0
			                            THEN now() ELSE c.completed_at END
			    FROM (SELECT campaign_id, count(*) AS n FROM settled GROUP BY campaign_id) s
			    WHERE c.id = s.campaign_id
			    RETURNING s.n
			)
			SELECT coalesce(sum(n), 0) FROM counted
			""";

	/**
	 * The {@code resend} policy: attempted sends with no outcome after the quiet period
	 * go back to PENDING and are sent again. Meta has no idempotency key, so a recipient
	 * whose first send was in fact taken gets the message twice: the operator chose this.
	 */
	private static final String RESEND_UNKNOWN = """
			WITH stale AS (
			    SELECT id
			    FROM campaign_recipients
			    WHERE status = 'SENDING'
			      AND claimed_at < now() - make_interval(secs => :quietSeconds)
			      AND attempted_at < now() - make_interval(secs => :quietSeconds)
			    ORDER BY claimed_at
			    LIMIT :limit
			    FOR UPDATE SKIP LOCKED
			)
			UPDATE campaign_recipients r
			SET status = 'PENDING', claimed_at = NULL, attempted_at = NULL
			FROM stale
			WHERE r.id = stale.id
			""";

	private final JdbcClient jdbc;

	JdbcInFlightRecipients(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Whether this transaction holds the reconciler's lease (no other gateway does). */
	boolean lease() {
		return this.jdbc.sql(LEASE).update() == 1;
	}

	int releaseUnsent(Duration claimAge, int limit) {
		return this.jdbc.sql(RELEASE_UNSENT).param("claimAgeSeconds", seconds(claimAge)).param("limit", limit).update();
	}

	/**
	 * @param resend whether attempted sends are left to {@link #resendUnknown} (only
	 * ACCEPTED ones are failed here)
	 */
	int failUnknown(Duration quietPeriod, boolean resend, int limit) {
		return this.jdbc.sql(FAIL_UNKNOWN)
			.param("quietSeconds", seconds(quietPeriod))
			.param("quietText", quietPeriod.toString().substring(2).toLowerCase())
			.param("resend", resend)
			.param("unknown", ErrorCodes.OUTCOME_UNKNOWN)
			.param("limit", limit)
			.query(Integer.class)
			.single();
	}

	int resendUnknown(Duration quietPeriod, int limit) {
		return this.jdbc.sql(RESEND_UNKNOWN).param("quietSeconds", seconds(quietPeriod)).param("limit", limit).update();
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

}
