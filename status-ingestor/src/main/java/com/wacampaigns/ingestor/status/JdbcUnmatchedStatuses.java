package com.wacampaigns.ingestor.status;

import java.time.Duration;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Status events parked until their message is known.
 */
@Repository
class JdbcUnmatchedStatuses {

	private static final String PARK = """
			INSERT INTO unmatched_statuses (wamid, status, event, next_attempt_at)
			SELECT w, s, e::jsonb, now() + make_interval(secs => :delaySeconds)
			FROM unnest(:wamids::text[], :statuses::text[], :events::text[]) AS t (w, s, e)
			ON CONFLICT (wamid, status) DO NOTHING
			""";

	/**
	 * Several ingestor instances share the table; each takes rows no other is working on.
	 */
	private static final String DUE = """
			SELECT wamid, status, event::text AS event, attempts
			FROM unmatched_statuses
			WHERE next_attempt_at <= now()
			ORDER BY next_attempt_at
			LIMIT :limit
			FOR UPDATE SKIP LOCKED
			""";

	private static final String DELETE = """
			DELETE FROM unmatched_statuses
			WHERE wamid = :wamid AND status = :status
			""";

	private static final String RESCHEDULE = """
			UPDATE unmatched_statuses
			SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => :delaySeconds)
			WHERE wamid = :wamid AND status = :status
			""";

	private final JdbcClient jdbc;

	JdbcUnmatchedStatuses(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void park(List<Parked> events, Duration firstDelay) {
		if (events.isEmpty()) {
			return;
		}
		this.jdbc.sql(PARK)
			.param("wamids", events.stream().map(Parked::wamid).toArray(String[]::new))
			.param("statuses", events.stream().map(Parked::status).toArray(String[]::new))
			.param("events", events.stream().map(Parked::eventJson).toArray(String[]::new))
			.param("delaySeconds", firstDelay.toMillis() / 1000.0)
			.update();
	}

	List<Parked> due(int limit) {
		return this.jdbc.sql(DUE)
			.param("limit", limit)
			.query((rs, row) -> new Parked(rs.getString("wamid"), rs.getString("status"), rs.getString("event"),
					rs.getInt("attempts")))
			.list();
	}

	void delete(Parked event) {
		this.jdbc.sql(DELETE).param("wamid", event.wamid()).param("status", event.status()).update();
	}

	void reschedule(Parked event, Duration delay) {
		this.jdbc.sql(RESCHEDULE)
			.param("wamid", event.wamid())
			.param("status", event.status())
			.param("delaySeconds", delay.toMillis() / 1000.0)
			.update();
	}

	/**
	 * @param attempts matching attempts after the first
	 */
	record Parked(String wamid, String status, String eventJson, int attempts) {

	}

}
