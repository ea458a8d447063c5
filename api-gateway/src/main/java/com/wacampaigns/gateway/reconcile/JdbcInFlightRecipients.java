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
	 * Back to PENDING, for the feeder's sweep to feed again (counters do not move: both
	 * states are pending): claims never attempted for the claim age (the dispatcher that
	 * claimed them is gone; nothing reached Meta), and, with the {@code resend} policy,
	 * attempted sends still without an outcome after the quiet period. Meta has no
	 * idempotency key, so a recipient whose first send was in fact taken gets those
	 * twice: the operator chose this. Returns whether each row had been attempted.
	 */
	private static final String BACK_TO_FEED = """
			WITH stale AS (
			    SELECT id, attempted_at IS NOT NULL AS attempted
			    FROM campaign_recipients
			    WHERE status = 'SENDING'
			      AND ((attempted_at IS NULL AND claimed_at < now() - make_interval(secs => :claimAgeSeconds))
			           OR (:resend AND claimed_at < now() - make_interval(secs => :quietSeconds)
			               AND attempted_at < now() - make_interval(secs => :quietSeconds)))
			    ORDER BY claimed_at
			    LIMIT :limit
			    FOR UPDATE SKIP LOCKED
			)
			UPDATE campaign_recipients r
			SET status = 'PENDING', claimed_at = NULL, attempted_at = NULL
			FROM stale
			WHERE r.id = stale.id
			RETURNING stale.attempted
			""";

	/**
	 * Sends whose outcome never came (attempted and still SENDING, or ACCEPTED without a
	 * status from Meta) for longer than the quiet period: FAILED with
	 * {@link ErrorCodes#OUTCOME_UNKNOWN} and the reason, with the campaign's counters
	 * (failed, pending, unknown) and the day's volume moved by exactly those rows, and a
	 * running campaign left with nothing pending completed, and the owners' webhook
	 * endpoints told ({@code message.status}). With the {@code resend} policy, only
	 * ACCEPTED ones are settled so (Meta has them: sending again would message twice);
	 * see {@link #BACK_TO_FEED}.
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
			    RETURNING r.campaign_id, r.id, r.full_phone, r.message_id, r.failed_at, r.error_code, r.error_message
			),
			told AS (
			    -- The owners' webhook endpoints hear of these final states like of Meta's
			    -- (message.status, the same data); the id is made of the recipient, the
			    -- state and the code, so that a settlement run twice is one event (only
			    -- this writes -2: the ingestor's ids never meet these).
			    INSERT INTO outbound_outbox (user_id, event_id, type, data)
			    SELECT c.user_id,
			           'evt_' || md5(concat_ws(chr(31), 'message.status', s.id::text, 'FAILED', s.error_code::text)),
			           'message.status',
			           jsonb_build_object('campaign_id', s.campaign_id, 'recipient_id', s.id, 'phone', s.full_phone,
			                              'wamid', s.message_id, 'status', 'failed',
			                              'at', to_char(s.failed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
			                              'error', jsonb_build_object('code', s.error_code, 'message', s.error_message))
			    FROM settled s
			    JOIN campaigns c ON c.id = s.campaign_id
			    WHERE EXISTS (SELECT 1 FROM webhook_endpoints e
			                  WHERE e.user_id = c.user_id AND e.status = 'ENABLED' AND 'message.status' = ANY (e.events))
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

	private final JdbcClient jdbc;

	JdbcInFlightRecipients(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Whether this transaction holds the reconciler's lease (no other gateway does). */
	boolean lease() {
		return this.jdbc.sql(LEASE).update() == 1;
	}

	/**
	 * @param resend whether attempted sends without an outcome go back too
	 * @return how many rows went back, never attempted and attempted
	 */
	BackToFeed backToFeed(Duration claimAge, Duration quietPeriod, boolean resend, int limit) {
		int[] counts = new int[2];
		this.jdbc.sql(BACK_TO_FEED)
			.param("claimAgeSeconds", seconds(claimAge))
			.param("quietSeconds", seconds(quietPeriod))
			.param("resend", resend)
			.param("limit", limit)
			.query((rs) -> {
				counts[rs.getBoolean("attempted") ? 1 : 0]++;
			});
		return new BackToFeed(counts[0], counts[1]);
	}

	/**
	 * @param resend whether attempted sends are left to {@link #backToFeed} (only
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

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	/**
	 * @param released claims never attempted
	 * @param resent attempted sends without an outcome, to be sent again
	 */
	record BackToFeed(int released, int resent) {

	}

}
