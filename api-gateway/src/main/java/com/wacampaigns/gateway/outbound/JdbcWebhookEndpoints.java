package com.wacampaigns.gateway.outbound;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code webhook_endpoints} rows. */
@Repository
class JdbcWebhookEndpoints {

	private static final String COLUMNS = """
			SELECT id, user_id, url, description, events, status, disabled_reason, disabled_at, failing_since,
			       created_at, updated_at
			FROM webhook_endpoints
			""";

	private static final String INSERT = """
			INSERT INTO webhook_endpoints (id, user_id, url, description, events, secret)
			VALUES (:id, :userId, :url, :description, :events::text[], :secret)
			""";

	/**
	 * What is not given stays; enabling clears what disabled it and the failures that led
	 * there.
	 */
	private static final String CHANGE = """
			UPDATE webhook_endpoints
			SET url             = coalesce(CAST(:url AS text), url),
			    description     = coalesce(CAST(:description AS text), description),
			    events          = coalesce(:events::text[], events),
			    status          = CASE WHEN CAST(:enabled AS boolean) IS NULL THEN status
			                           WHEN CAST(:enabled AS boolean) THEN 'ENABLED' ELSE 'DISABLED' END,
			    disabled_reason = CASE WHEN CAST(:enabled AS boolean) IS NULL THEN disabled_reason
			                           WHEN CAST(:enabled AS boolean) THEN NULL ELSE 'Disabled by its user' END,
			    disabled_at     = CASE WHEN CAST(:enabled AS boolean) IS NULL THEN disabled_at
			                           WHEN CAST(:enabled AS boolean) THEN NULL ELSE now() END,
			    failing_since   = CASE WHEN CAST(:enabled AS boolean) THEN NULL ELSE failing_since END,
			    updated_at      = now()
			WHERE id = :id
			""";

	/** An endpoint answered: whatever failed before is over. */
	private static final String ANSWERED = """
			UPDATE webhook_endpoints SET failing_since = NULL
			WHERE id = :id AND failing_since IS NOT NULL
			""";

	/**
	 * An attempt failed: the endpoint is failing since the first failure of this run (a
	 * run ends when no attempt failed for {@code streakGap}: the endpoint had nothing to
	 * be told), and disabled once that is longer ago than {@code disableAfter}.
	 */
	private static final String FAILED = """
			WITH run AS (
			  SELECT id, CASE WHEN failing_since IS NULL
			                    OR last_failed_at < now() - make_interval(secs => :streakGap) THEN now()
			                  ELSE failing_since END AS since
			  FROM webhook_endpoints WHERE id = :id
			  -- Locked, so that an answer committed meanwhile (which ends the run) is seen.
			  FOR UPDATE)
			UPDATE webhook_endpoints e
			SET failing_since   = run.since,
			    last_failed_at  = now(),
			    status          = CASE WHEN run.since < now() - make_interval(secs => :disableAfter)
			                           THEN 'DISABLED' ELSE e.status END,
			    disabled_reason = CASE WHEN run.since < now() - make_interval(secs => :disableAfter)
			                           THEN 'Every delivery failed since ' || run.since || ': ' || :error
			                           ELSE e.disabled_reason END,
			    disabled_at     = CASE WHEN run.since < now() - make_interval(secs => :disableAfter)
			                           THEN now() ELSE e.disabled_at END,
			    updated_at      = now()
			FROM run
			WHERE e.id = run.id AND e.status = 'ENABLED'
			RETURNING e.status
			""";

	private final JdbcClient jdbc;

	JdbcWebhookEndpoints(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(UUID id, UUID userId, String url, String description, List<String> events, String sealedSecret) {
		this.jdbc.sql(INSERT)
			.param("id", id)
			.param("userId", userId)
			.param("url", url)
			.param("description", description)
			.param("events", events.toArray(String[]::new))
			.param("secret", sealedSecret)
			.update();
	}

	Optional<WebhookEndpointView> find(UUID id) {
		return this.jdbc.sql(COLUMNS + "WHERE id = :id").param("id", id).query(JdbcWebhookEndpoints::view).optional();
	}

	/** How many endpoints a user has, whatever their status. */
	long count(UUID userId) {
		return this.jdbc.sql("SELECT count(*) FROM webhook_endpoints WHERE user_id = :userId")
			.param("userId", userId)
			.query(Long.class)
			.single();
	}

	/** A user's endpoints, newest first. */
	List<WebhookEndpointView> list(UUID userId) {
		return this.jdbc.sql(COLUMNS + "WHERE user_id = :userId ORDER BY created_at DESC")
			.param("userId", userId)
			.query(JdbcWebhookEndpoints::view)
			.list();
	}

	void change(UUID id, String url, String description, List<String> events, Boolean enabled) {
		this.jdbc.sql(CHANGE)
			.param("id", id)
			.param("url", url)
			.param("description", description)
			.param("events", (events != null) ? events.toArray(String[]::new) : null)
			.param("enabled", enabled)
			.update();
	}

	void newSecret(UUID id, String sealedSecret) {
		this.jdbc.sql("UPDATE webhook_endpoints SET secret = :secret, updated_at = now() WHERE id = :id")
			.param("id", id)
			.param("secret", sealedSecret)
			.update();
	}

	void delete(UUID id) {
		this.jdbc.sql("DELETE FROM webhook_endpoints WHERE id = :id").param("id", id).update();
	}

	/** The enabled endpoints of these users, with their sealed secrets. */
	List<Target> enabledOf(Collection<UUID> userIds) {
		return this.jdbc.sql("""
				SELECT id, user_id, url, events, secret FROM webhook_endpoints
				WHERE user_id = ANY(:userIds::uuid[]) AND status = 'ENABLED'
				""")
			.param("userIds", userIds.stream().map(UUID::toString).toArray(String[]::new))
			.query(JdbcWebhookEndpoints::target)
			.list();
	}

	/** These endpoints, whatever their status, with their sealed secrets. */
	List<Target> targets(Collection<UUID> ids) {
		return this.jdbc
			.sql("SELECT id, user_id, url, events, secret FROM webhook_endpoints WHERE id = ANY(:ids::uuid[])")
			.param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
			.query(JdbcWebhookEndpoints::target)
			.list();
	}

	void answered(UUID id) {
		this.jdbc.sql(ANSWERED).param("id", id).update();
	}

	/**
	 * @return whether this failure disabled the endpoint
	 */
	boolean failed(UUID id, String error, Duration disableAfter, Duration streakGap) {
		return this.jdbc.sql(FAILED)
			.param("id", id)
			.param("error", error)
			.param("disableAfter", disableAfter.toSeconds())
			.param("streakGap", streakGap.toSeconds())
			.query(String.class)
			.optional()
			.filter("DISABLED"::equals)
			.isPresent();
	}

	/**
	 * Where deliveries go and what signs them.
	 *
	 * @param sealedSecret the secret as stored (encrypted)
	 */
	record Target(UUID id, UUID userId, String url, List<String> events, String sealedSecret) {

	}

	private static Target target(ResultSet rs, int row) throws SQLException {
		return new Target(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class), rs.getString("url"),
				Arrays.asList((String[]) rs.getArray("events").getArray()), rs.getString("secret"));
	}

	private static WebhookEndpointView view(ResultSet rs, int row) throws SQLException {
		return new WebhookEndpointView(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
				rs.getString("url"), rs.getString("description"),
				Arrays.asList((String[]) rs.getArray("events").getArray()), rs.getString("status"),
				rs.getString("disabled_reason"), rs.getObject("disabled_at", OffsetDateTime.class),
				rs.getObject("failing_since", OffsetDateTime.class), rs.getObject("created_at", OffsetDateTime.class),
				rs.getObject("updated_at", OffsetDateTime.class), null);
	}

}
