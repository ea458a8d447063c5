package com.wacampaigns.gateway.outbound;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code webhook_deliveries} rows: the delivery log, and the queue of attempts. */
@Repository
class JdbcWebhookDeliveries {

	private static final String COLUMNS = """
			SELECT id, endpoint_id, event_types, event_count, status, attempts, created_at,
			       CASE WHEN status = 'PENDING' THEN next_attempt_at END AS next_attempt_at, give_up_at,
			       last_attempt_at, last_status_code, last_error, delivered_at
			""";

	/**
	 * A Kafka batch's deliveries in one statement, for endpoints still enabled: one
	 * disabled since the batch looked gets none (its waiting ones were just given up).
	 */
	private static final String INSERT = """
			INSERT INTO webhook_deliveries (id, endpoint_id, event_types, event_count, payload, give_up_at)
			SELECT d.id, d.endpoint_id, string_to_array(d.types, ','), d.events, d.payload,
			       now() + make_interval(secs => :giveUpAfter)
			FROM unnest(:ids::uuid[], :endpointIds::uuid[], :types::text[], :counts::int[], :payloads::text[])
			     AS d (id, endpoint_id, types, events, payload)
			JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.status = 'ENABLED'
			""";

	/**
	 * Leases due deliveries of enabled endpoints, oldest due first, each endpoint up to
	 * its share less what it has in flight; one that is not settled when its lease ends
	 * (its gateway died) is due again. The candidates are chosen without locks, then only
	 * the chosen are locked and checked again: another gateway may have taken some.
	 */
	private static final String CLAIM = """
			WITH candidates AS (
			  SELECT due.id
			  FROM webhook_endpoints e
			  CROSS JOIN LATERAL (SELECT count(*) AS n
			                      FROM webhook_deliveries f
			                      WHERE f.endpoint_id = e.id AND f.locked_until >= now()) in_flight
			  CROSS JOIN LATERAL (SELECT w.id, w.next_attempt_at
			                      FROM webhook_deliveries w
			                      WHERE w.endpoint_id = e.id AND w.status = 'PENDING' AND w.next_attempt_at <= now()
			                        AND (w.locked_until IS NULL OR w.locked_until < now())
			                      ORDER BY w.next_attempt_at
			                      LIMIT greatest(:perEndpoint - in_flight.n, 0)) due
			  WHERE e.status = 'ENABLED'
			  ORDER BY due.next_attempt_at
			  LIMIT :limit)
			UPDATE webhook_deliveries d
			SET locked_until = now() + make_interval(secs => :leaseSeconds), lease_token = gen_random_uuid()
			WHERE d.id IN (SELECT x.id
			               FROM webhook_deliveries x
			               WHERE x.id IN (SELECT id FROM candidates) AND x.status = 'PENDING'
			                 AND x.next_attempt_at <= now() AND (x.locked_until IS NULL OR x.locked_until < now())
			               FOR UPDATE SKIP LOCKED)
			RETURNING d.id, d.endpoint_id, d.payload, d.attempts, d.give_up_at, d.lease_token
			""";

	/** Settled deliveries past the log's retention, a chunk at a time. */
	private static final String EXPIRE = """
			DELETE FROM webhook_deliveries
			WHERE id IN (SELECT id FROM webhook_deliveries
			             WHERE status <> 'PENDING' AND created_at < now() - make_interval(secs => :keepSeconds)
			             ORDER BY created_at
			             LIMIT :chunk
			             FOR UPDATE SKIP LOCKED)
			""";

	/** An attempt that still holds its lease succeeded. */
	private static final String DELIVERED = """
			UPDATE webhook_deliveries
			SET status = 'DELIVERED', attempts = attempts + 1, last_attempt_at = now(), delivered_at = now(),
			    last_status_code = :code, last_error = NULL, locked_until = NULL, lease_token = NULL
			WHERE id = :id AND lease_token = :lease AND status = 'PENDING'
			""";

	/**
	 * An attempt that still holds its lease failed: tried again after {@code retryAfter},
	 * or given up when due.
	 */
	private static final String FAILED = """
			UPDATE webhook_deliveries
			SET attempts = attempts + 1, last_attempt_at = now(), last_status_code = :code, last_error = :error,
			    locked_until = NULL, lease_token = NULL,
			    status = CASE WHEN now() + make_interval(secs => :retryAfter) > give_up_at THEN 'FAILED'
			                  ELSE 'PENDING' END,
			    next_attempt_at = now() + make_interval(secs => :retryAfter)
			WHERE id = :id AND lease_token = :lease AND status = 'PENDING'
			""";

	/**
	 * One more attempt, now, by its user's wish: it is given up if that one fails too.
	 * Not while an attempt is being made: that one's outcome comes first.
	 */
	private static final String RETRY = """
			UPDATE webhook_deliveries
			SET status = 'PENDING', next_attempt_at = now(), give_up_at = now(), locked_until = NULL,
			    lease_token = NULL
			WHERE id = :id AND endpoint_id = :endpointId AND status <> 'DELIVERED'
			  AND (locked_until IS NULL OR locked_until < now())
			""";

	/**
	 * An endpoint was disabled: what waited for it is given up, to be retried by hand
	 * once it is enabled again; attempts under way settle nothing any more.
	 */
	private static final String ABANDON = """
			UPDATE webhook_deliveries
			SET status = 'FAILED', last_error = coalesce(last_error || ' / ', '') || :reason, locked_until = NULL,
			    lease_token = NULL
			WHERE endpoint_id = :endpointId AND status = 'PENDING'
			""";

	private final JdbcClient jdbc;

	JdbcWebhookDeliveries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(List<NewDelivery> deliveries, Duration giveUpAfter) {
		if (deliveries.isEmpty()) {
			return;
		}
		this.jdbc.sql(INSERT)
			.param("ids", deliveries.stream().map((d) -> d.id().toString()).toArray(String[]::new))
			.param("endpointIds", deliveries.stream().map((d) -> d.endpointId().toString()).toArray(String[]::new))
			.param("types", deliveries.stream().map((d) -> String.join(",", d.eventTypes())).toArray(String[]::new))
			.param("counts", deliveries.stream().map((d) -> String.valueOf(d.eventCount())).toArray(String[]::new))
			.param("payloads", deliveries.stream().map(NewDelivery::payload).toArray(String[]::new))
			.param("giveUpAfter", giveUpAfter.toSeconds())
			.update();
	}

	List<Claimed> claim(int limit, int perEndpoint, Duration lease) {
		return this.jdbc.sql(CLAIM)
			.param("limit", limit)
			.param("perEndpoint", perEndpoint)
			.param("leaseSeconds", lease.toSeconds())
			.query((rs, row) -> new Claimed(rs.getObject("id", UUID.class), rs.getObject("endpoint_id", UUID.class),
					rs.getString("payload"), rs.getInt("attempts"), rs.getObject("give_up_at", OffsetDateTime.class),
					rs.getObject("lease_token", UUID.class)))
			.list();
	}

	/**
	 * @return whether the attempt still held its lease (otherwise it settled nothing)
	 */
	boolean delivered(Claimed delivery, int statusCode) {
		return this.jdbc.sql(DELIVERED)
			.param("id", delivery.id())
			.param("lease", delivery.lease())
			.param("code", statusCode)
			.update() > 0;
	}

	/**
	 * @return whether the attempt still held its lease (otherwise it settled nothing)
	 */
	boolean failed(Claimed delivery, Integer statusCode, String error, Duration retryAfter) {
		return this.jdbc.sql(FAILED)
			.param("id", delivery.id())
			.param("lease", delivery.lease())
			.param("code", statusCode)
			.param("error", error)
			.param("retryAfter", retryAfter.toMillis() / 1000.0)
			.update() > 0;
	}

	/** Gives up what waits for a disabled endpoint, saying why. */
	void abandon(UUID endpointId, String reason) {
		this.jdbc.sql(ABANDON).param("endpointId", endpointId).param("reason", reason).update();
	}

	/**
	 * Deletes up to {@code chunk} settled deliveries made more than {@code keep} ago.
	 * @return how many were deleted
	 */
	int expire(Duration keep, int chunk) {
		return this.jdbc.sql(EXPIRE).param("keepSeconds", keep.toSeconds()).param("chunk", chunk).update();
	}

	boolean retry(UUID endpointId, UUID id) {
		return this.jdbc.sql(RETRY).param("id", id).param("endpointId", endpointId).update() > 0;
	}

	/** An endpoint's deliveries, newest first, of one status or all ({@code null}). */
	List<WebhookDeliveryView> list(UUID endpointId, String status, int page, int size) {
		return this.jdbc.sql(COLUMNS + """
				, NULL AS payload FROM webhook_deliveries
				WHERE endpoint_id = :endpointId AND (CAST(:status AS text) IS NULL OR status = :status)
				ORDER BY created_at DESC, id
				LIMIT :size OFFSET :offset
				""")
			.param("endpointId", endpointId)
			.param("status", status)
			.param("size", size)
			.param("offset", (long) page * size)
			.query(JdbcWebhookDeliveries::view)
			.list();
	}

	long count(UUID endpointId, String status) {
		return this.jdbc.sql("""
				SELECT count(*) FROM webhook_deliveries
				WHERE endpoint_id = :endpointId AND (CAST(:status AS text) IS NULL OR status = :status)
				""").param("endpointId", endpointId).param("status", status).query(Long.class).single();
	}

	Optional<WebhookDeliveryView> find(UUID endpointId, UUID id) {
		return this.jdbc.sql(COLUMNS + ", payload FROM webhook_deliveries WHERE id = :id AND endpoint_id = :endpointId")
			.param("id", id)
			.param("endpointId", endpointId)
			.query(JdbcWebhookDeliveries::view)
			.optional();
	}

	/**
	 * A delivery to be made.
	 *
	 * @param payload the body, as it will be signed and sent
	 */
	record NewDelivery(UUID id, UUID endpointId, List<String> eventTypes, int eventCount, String payload) {

	}

	/**
	 * A delivery leased for an attempt.
	 *
	 * @param lease this lease's token, which settling the attempt needs
	 */
	record Claimed(UUID id, UUID endpointId, String payload, int attempts, OffsetDateTime giveUpAt, UUID lease) {

	}

	private static WebhookDeliveryView view(ResultSet rs, int row) throws SQLException {
		return new WebhookDeliveryView(rs.getObject("id", UUID.class), rs.getObject("endpoint_id", UUID.class),
				Arrays.asList((String[]) rs.getArray("event_types").getArray()), rs.getInt("event_count"),
				rs.getString("status"), rs.getInt("attempts"), rs.getObject("created_at", OffsetDateTime.class),
				rs.getObject("next_attempt_at", OffsetDateTime.class), rs.getObject("give_up_at", OffsetDateTime.class),
				rs.getObject("last_attempt_at", OffsetDateTime.class), (Integer) rs.getObject("last_status_code"),
				rs.getString("last_error"), rs.getObject("delivered_at", OffsetDateTime.class),
				rs.getString("payload"));
	}

}
