package com.wacampaigns.gateway.suppression;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each user's suppression list (numbers that must not get campaign messages) and the
 * opt-out events that changed it. The changes of one number are made one at a time, under
 * a transaction-scoped advisory lock on the owner and the number.
 */
@Repository
class JdbcSuppressionRepository implements Suppressions {

	private static final String LOCK_NUMBER = """
			SELECT true AS locked
			FROM pg_advisory_xact_lock(hashtext(:userId::text), hashtext(:phone))
			""";

	/**
	 * Applied unless an applied change of the number is later, or as late and a STOP
	 * while this is a RESUME.
	 */
	private static final String RECORD_EVENT = """
			INSERT INTO opt_out_events (user_id, phone, action, source, event_at, applied, detail)
			SELECT :userId, :phone, :action, :source, :eventAt::timestamptz,
			       NOT EXISTS (SELECT 1
			                   FROM opt_out_events later
			                   WHERE later.user_id = :userId AND later.phone = :phone AND later.applied
			                     AND later.event_at >= :eventAt::timestamptz
			                     AND (later.event_at > :eventAt::timestamptz
			                          OR (later.action = 'STOP' AND :action = 'RESUME'))),
			       :detail
			RETURNING applied
			""";

	private static final String RECORD_MANUAL_EVENT = """
			INSERT INTO opt_out_events (user_id, phone, action, source, event_at, applied, detail)
			VALUES (:userId, :phone, :action, 'MANUAL', now(), true, :detail)
			""";

	/** An opt-out takes over what an opt-out suppressed and leaves the rest as it is. */
	private static final String SUPPRESS_OPTED_OUT = """
			INSERT INTO suppressions (user_id, phone, reason, source, changed_at)
			VALUES (:userId, :phone, :reason, :source, :eventAt::timestamptz)
			ON CONFLICT (user_id, phone) DO UPDATE
			SET reason = excluded.reason, source = excluded.source, changed_at = excluded.changed_at
			WHERE suppressions.source IN ('REPLY', 'USER_PREFERENCES')
			""";

	private static final String LIFT_OPT_OUT = """
			DELETE FROM suppressions
			WHERE user_id = :userId AND phone = :phone AND source IN ('REPLY', 'USER_PREFERENCES')
			""";

	private static final String ADD = """
			INSERT INTO suppressions (user_id, phone, reason, source, changed_at)
			VALUES (:userId, :phone, :reason, 'MANUAL', now())
			ON CONFLICT (user_id, phone) DO UPDATE
			SET reason = excluded.reason, source = excluded.source, changed_at = excluded.changed_at
			RETURNING phone, reason, source, created_at, changed_at
			""";

	private static final String REMOVE = """
			DELETE FROM suppressions
			WHERE user_id = :userId AND phone = :phone
			""";

	private static final String PAGE = """
			SELECT phone, reason, source, created_at, changed_at
			FROM suppressions
			WHERE user_id = :userId
			ORDER BY created_at DESC, phone
			LIMIT :limit OFFSET :offset
			""";

	private static final String SUPPRESSED_AMONG = """
			SELECT phone
			FROM suppressions
			WHERE user_id = :userId AND phone = ANY(:phones::text[])
			""";

	private static final String OWNER_OF_SENDER = """
			SELECT user_id
			FROM senders
			WHERE phone_number_id = :phoneNumberId
			""";

	private final JdbcClient jdbc;

	JdbcSuppressionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records an opt-out or opt-in of {@code phone} and applies it unless the number
	 * changed later: a STOP suppresses the number, a RESUME lifts a suppression that an
	 * opt-out made.
	 * @return whether it was applied
	 */
	@Transactional
	boolean applyInOrder(UUID userId, String phone, OptOutEvent event) {
		lockNumber(userId, phone);
		boolean applied = this.jdbc.sql(RECORD_EVENT)
			.param("userId", userId)
			.param("phone", phone)
			.param("action", event.action().name())
			.param("source", event.source().name())
			.param("eventAt", event.at())
			.param("detail", event.detail())
			.query(Boolean.class)
			.single();
		if (applied) {
			switch (event.action()) {
				case STOP -> this.jdbc.sql(SUPPRESS_OPTED_OUT)
					.param("userId", userId)
					.param("phone", phone)
					.param("reason", event.detail())
					.param("source", event.source().name())
					.param("eventAt", event.at())
					.update();
				case RESUME -> this.jdbc.sql(LIFT_OPT_OUT).param("userId", userId).param("phone", phone).update();
			}
		}
		return applied;
	}

	/** The owner's own addition: never lifted by an opt-in. */
	@Transactional
	Suppression add(UUID userId, String phone, String reason) {
		lockNumber(userId, phone);
		recordManual(userId, phone, Action.STOP, reason);
		return this.jdbc.sql(ADD)
			.param("userId", userId)
			.param("phone", phone)
			.param("reason", reason)
			.query(JdbcSuppressionRepository::suppression)
			.single();
	}

	/** The owner's own removal, of whatever suppressed the number. */
	@Transactional
	boolean remove(UUID userId, String phone) {
		lockNumber(userId, phone);
		boolean removed = this.jdbc.sql(REMOVE).param("userId", userId).param("phone", phone).update() > 0;
		if (removed) {
			recordManual(userId, phone, Action.RESUME, "Removed by hand");
		}
		return removed;
	}

	List<Suppression> page(UUID userId, int page, int size) {
		return this.jdbc.sql(PAGE)
			.param("userId", userId)
			.param("limit", size)
			.param("offset", page * size)
			.query(JdbcSuppressionRepository::suppression)
			.list();
	}

	@Override
	public Set<String> allOf(UUID userId) {
		return new HashSet<>(this.jdbc.sql("SELECT phone FROM suppressions WHERE user_id = :userId")
			.param("userId", userId)
			.query(String.class)
			.list());
	}

	@Override
	public Set<String> suppressedAmong(UUID userId, List<String> phones) {
		if (phones.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(this.jdbc.sql(SUPPRESSED_AMONG)
			.param("userId", userId)
			.param("phones", phones.toArray(String[]::new))
			.query(String.class)
			.list());
	}

	Optional<UUID> ownerOfSender(String phoneNumberId) {
		return this.jdbc.sql(OWNER_OF_SENDER).param("phoneNumberId", phoneNumberId).query(UUID.class).optional();
	}

	/**
	 * Two events of one number wait for each other; each statement after the lock sees
	 * what the one before it committed.
	 */
	private void lockNumber(UUID userId, String phone) {
		this.jdbc.sql(LOCK_NUMBER).param("userId", userId).param("phone", phone).query(Boolean.class).single();
	}

	/** The owner's changes count too: older events do not undo them. */
	private void recordManual(UUID userId, String phone, Action action, String detail) {
		this.jdbc.sql(RECORD_MANUAL_EVENT)
			.param("userId", userId)
			.param("phone", phone)
			.param("action", action.name())
			.param("detail", detail)
			.update();
	}

	private static Suppression suppression(ResultSet rs, int row) throws SQLException {
		return new Suppression(rs.getString("phone"), rs.getString("reason"), rs.getString("source"),
				rs.getObject("created_at", OffsetDateTime.class), rs.getObject("changed_at", OffsetDateTime.class));
	}

	/**
	 * A suppressed number.
	 *
	 * @param source {@code MANUAL} (the owner), {@code REPLY} (a STOP reply),
	 * {@code USER_PREFERENCES} (stopped marketing messages in WhatsApp) or
	 * {@code META_131050} (Meta refused a marketing message)
	 * @param changedAt when it was last changed: for an opt-out, when the user sent it
	 */
	record Suppression(String phone, String reason, String source, OffsetDateTime createdAt, OffsetDateTime changedAt) {

	}

	enum Action {

		STOP, RESUME

	}

	/** Where an opt-out or opt-in came from. */
	enum Source {

		/** The owner, through the API. */
		MANUAL,

		/** A reply such as "STOP" or "START". */
		REPLY,

		/** A {@code user_preferences} webhook: marketing messages stopped or resumed. */
		USER_PREFERENCES

	}

	/**
	 * One opt-out or opt-in.
	 *
	 * @param at when the user made it
	 * @param detail what the user said, or Meta's description; a STOP's suppression
	 * reason
	 */
	record OptOutEvent(Action action, Source source, OffsetDateTime at, String detail) {

	}

}
