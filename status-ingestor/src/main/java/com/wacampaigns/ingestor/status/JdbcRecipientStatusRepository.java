package com.wacampaigns.ingestor.status;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.wacampaigns.common.ErrorCodes;
import com.wacampaigns.ingestor.status.StatusIngestion.BatchResult;
import com.wacampaigns.ingestor.status.StatusIngestion.Candidate;

/**
 * Recipient states and campaign counters, written in one statement per batch.
 */
@Repository
class JdbcRecipientStatusRepository {

	/**
	 * Locks the batch's recipients, applies each candidate that moves its recipient
	 * forward (a failure only up to SENT; terminal states never change; a failure whose
	 * outcome was unknown gives way to Meta's word: sent, or failed with its code), and
	 * adds the difference that each applied transition makes to its campaign's counters,
	 * one UPDATE row per campaign, and to the day's message volume. A running campaign
	 * left with nothing pending is completed. The transitions of campaigns whose owner
	 * has an endpoint for message states come back as JSON ({@code told}), to be
	 * published; for everyone else that costs one look at the campaign per batch.
	 */
	private static final String APPLY = """
			WITH incoming AS (
			    SELECT *
			    FROM unnest(:ids::uuid[], :statuses::text[], :wamids::text[], :sentAts::timestamptz[],
			                :deliveredAts::timestamptz[], :readAts::timestamptz[], :failedAts::timestamptz[],
			                :errorCodes::int[], :errorMessages::text[])
			         AS i (recipient_id, status, wamid, sent_at, delivered_at, read_at, failed_at,
			               error_code, error_message)
			),
			current AS (
			    SELECT r.id, r.status, r.error_code
			    FROM campaign_recipients r
			    JOIN incoming i ON i.recipient_id = r.id
			    ORDER BY r.id
			    FOR UPDATE OF r
			),
			applied AS (
			    UPDATE campaign_recipients r
			    SET status        = i.status,
			        message_id    = coalesce(r.message_id, i.wamid),
			        sent_at       = coalesce(r.sent_at, i.sent_at),
			        delivered_at  = coalesce(r.delivered_at, i.delivered_at),
			        read_at       = coalesce(r.read_at, i.read_at),
			        failed_at     = i.failed_at,
			        error_code    = i.error_code,
			        error_message = i.error_message
			    FROM incoming i
			    JOIN current c ON c.id = i.recipient_id
			    WHERE r.id = i.recipient_id
			      AND recipient_status_rank(c.status) < 9
			      AND (recipient_status_rank(i.status) > recipient_status_rank(c.status)
			           OR (c.status = 'FAILED' AND c.error_code = :unknown AND i.status IN ('SENT', 'FAILED')
			               AND i.error_code IS DISTINCT FROM :unknown))
			    RETURNING r.campaign_id, r.id AS recipient_id, r.full_phone, r.message_id, c.status AS old_status,
			              i.status AS new_status, i.error_code, i.error_message,
			              coalesce(i.read_at, i.delivered_at, i.failed_at, i.sent_at, now()) AS at,
			              c.status = 'FAILED' AND c.error_code IS NOT DISTINCT FROM :unknown AS was_unknown,
			              i.status = 'FAILED' AND i.error_code IS NOT DISTINCT FROM :unknown AS is_unknown
			),
			volume AS (
			    INSERT INTO message_volume (day, status, shard, count)
			    SELECT current_date, m.status, CAST(txid_current() % 16 AS smallint), m.n
			    FROM (SELECT 'SENT' AS status,
			                 count(*) FILTER (WHERE new_status IN ('SENT', 'DELIVERED', 'READ')
			                                    AND old_status NOT IN ('SENT', 'DELIVERED', 'READ')) AS n
			          FROM applied
			          UNION ALL
			          SELECT 'DELIVERED', count(*) FILTER (WHERE new_status IN ('DELIVERED', 'READ')
			                                                 AND old_status NOT IN ('DELIVERED', 'READ'))
			          FROM applied
			          UNION ALL
			          SELECT 'READ', count(*) FILTER (WHERE new_status = 'READ') FROM applied
			          UNION ALL
			          SELECT 'FAILED', count(*) FILTER (WHERE new_status = 'FAILED' AND old_status <> 'FAILED')
			          FROM applied) m
			    WHERE m.n > 0
			    ON CONFLICT (day, status, shard) DO UPDATE SET count = message_volume.count + EXCLUDED.count
			),
			deltas AS (
			    SELECT campaign_id,
			           sum((new_status IN ('SENT', 'DELIVERED', 'READ'))::int
			               - (old_status IN ('SENT', 'DELIVERED', 'READ'))::int) AS sent,
			           sum((new_status IN ('DELIVERED', 'READ'))::int
			               - (old_status IN ('DELIVERED', 'READ'))::int) AS delivered,
			           sum((new_status = 'READ')::int - (old_status = 'READ')::int) AS read,
			           sum((new_status = 'FAILED')::int - (old_status = 'FAILED')::int) AS failed,
			           sum((new_status IN ('PENDING', 'SENDING', 'ACCEPTED'))::int
			               - (old_status IN ('PENDING', 'SENDING', 'ACCEPTED'))::int) AS pending,
			           sum((new_status = 'SKIPPED')::int - (old_status = 'SKIPPED')::int) AS skipped,
			           sum(is_unknown::int - was_unknown::int) AS unknown,
			           count(*) AS transitions
			    FROM applied
			    GROUP BY campaign_id
			),
			counted AS (
			    UPDATE campaigns c
			    SET sent         = c.sent + d.sent,
			        delivered    = c.delivered + d.delivered,
			        read         = c.read + d.read,
			        failed       = c.failed + d.failed,
			        pending      = c.pending + d.pending,
			        skipped      = c.skipped + d.skipped,
			        unknown      = c.unknown + d.unknown,
			        updated_at   = now(),
			        status       = CASE WHEN c.status = 'RUNNING' AND c.pending + d.pending = 0
			                            THEN 'COMPLETED' ELSE c.status END,
			        completed_at = CASE WHEN c.status = 'RUNNING' AND c.pending + d.pending = 0
			                            THEN now() ELSE c.completed_at END
			    FROM deltas d
			    WHERE c.id = d.campaign_id
			    RETURNING c.id, c.status, d.transitions
			),
			told AS (
			    SELECT c.id AS campaign_id, c.user_id
			    FROM campaigns c
			    WHERE c.id IN (SELECT campaign_id FROM deltas)
			      AND EXISTS (SELECT 1 FROM webhook_endpoints e
			                  WHERE e.user_id = c.user_id AND e.status = 'ENABLED'
			                    AND 'message.status' = ANY (e.events))
			)
			SELECT coalesce(sum(transitions), 0) AS applied,
			       count(*) FILTER (WHERE status = 'COMPLETED') AS completed,
			       (SELECT string_agg(new_status || '=' || n, ',')
			        FROM (SELECT new_status, count(*) AS n FROM applied GROUP BY new_status) a) AS by_status,
			       (SELECT json_agg(json_build_object('user_id', t.user_id, 'campaign_id', a.campaign_id,
			                                          'recipient_id', a.recipient_id, 'phone', a.full_phone,
			                                          'wamid', a.message_id, 'status', a.new_status, 'at', a.at,
			                                          'error_code', a.error_code, 'error_message', a.error_message))
			        FROM applied a JOIN told t ON t.campaign_id = a.campaign_id) AS told
			FROM counted
			""";

	private static final String RECIPIENTS_BY_WAMID = """
			SELECT message_id, id
			FROM campaign_recipients
			WHERE message_id = ANY(:wamids::text[])
			""";

	/**
	 * Meta's 131050: the user stopped marketing messages; the owner must not message them
	 * again. Meta's word outlasts an opt-out by reply (a later START lifts only those),
	 * so it takes over such a row; the owner's own suppressions stay as they are.
	 */
	private static final String SUPPRESS = """
			INSERT INTO suppressions (user_id, phone, reason, source)
			SELECT DISTINCT c.user_id, r.full_phone, :reason, 'META_131050'
			FROM campaign_recipients r
			JOIN campaigns c ON c.id = r.campaign_id
			WHERE r.id = ANY(:ids::uuid[])
			ON CONFLICT (user_id, phone) DO UPDATE
			SET source = excluded.source, reason = excluded.reason, changed_at = now()
			WHERE suppressions.source IN ('REPLY', 'USER_PREFERENCES')
			""";

	private final JdbcClient jdbc;

	JdbcRecipientStatusRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Applied apply(List<Candidate> candidates) {
		return this.jdbc.sql(APPLY)
			.param("ids", column(candidates, (c) -> c.recipientId().toString()))
			.param("statuses", column(candidates, (c) -> c.status().name()))
			.param("wamids", column(candidates, Candidate::wamid))
			.param("sentAts", column(candidates, (c) -> text(c.sentAt())))
			.param("deliveredAts", column(candidates, (c) -> text(c.deliveredAt())))
			.param("readAts", column(candidates, (c) -> text(c.readAt())))
			.param("failedAts", column(candidates, (c) -> text(c.failedAt())))
			.param("errorCodes", column(candidates, (c) -> Objects.toString(c.errorCode(), null)))
			.param("errorMessages", column(candidates, Candidate::errorMessage))
			.param("unknown", ErrorCodes.OUTCOME_UNKNOWN)
			.query((rs,
					row) -> new Applied(new BatchResult(candidates.size(), rs.getInt("applied"), rs.getInt("completed"),
							0, byStatus(rs.getString("by_status"))), rs.getString("told")))
			.single();
	}

	/**
	 * @param result what the batch did
	 * @param told the transitions to tell endpoints of, as a JSON array, or {@code null}
	 */
	record Applied(BatchResult result, String told) {

	}

	/** {@code SENT=3,READ=1} as a map. */
	private static Map<String, Integer> byStatus(String counts) {
		Map<String, Integer> byStatus = new HashMap<>();
		if (counts != null) {
			for (String pair : counts.split(",")) {
				int equals = pair.indexOf('=');
				byStatus.put(pair.substring(0, equals), Integer.parseInt(pair.substring(equals + 1)));
			}
		}
		return byStatus;
	}

	void suppress(List<UUID> recipientIds, String reason) {
		this.jdbc.sql(SUPPRESS)
			.param("ids", recipientIds.stream().map(UUID::toString).toArray(String[]::new))
			.param("reason", reason)
			.update();
	}

	Map<String, UUID> recipientsByWamid(List<String> wamids) {
		return this.jdbc.sql(RECIPIENTS_BY_WAMID)
			.param("wamids", wamids.toArray(String[]::new))
			.query((rs, row) -> Map.entry(rs.getString("message_id"), rs.getObject("id", UUID.class)))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	/**
	 * One array parameter per column, as text: PostgreSQL casts each to its type in
	 * {@code unnest}, so a batch of any size is one round trip.
	 */
	private static String[] column(List<Candidate> candidates, Function<Candidate, String> value) {
		return candidates.stream().map(value).toArray(String[]::new);
	}

	private static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
