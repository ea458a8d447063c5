package com.wacampaigns.gateway.suppression;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each user's suppression list: numbers that must not get campaign messages.
 */
@Repository
public class JdbcSuppressionRepository {

	private static final String ADD = """
			INSERT INTO suppressions (user_id, phone, reason)
			VALUES (:userId, :phone, :reason)
			ON CONFLICT (user_id, phone) DO UPDATE SET reason = excluded.reason
			""";

	private static final String REMOVE = """
			DELETE FROM suppressions
			WHERE user_id = :userId AND phone = :phone
			""";

	private static final String PAGE = """
			SELECT phone, reason, created_at
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

	void add(UUID userId, String phone, String reason) {
		this.jdbc.sql(ADD).param("userId", userId).param("phone", phone).param("reason", reason).update();
	}

	boolean remove(UUID userId, String phone) {
		return this.jdbc.sql(REMOVE).param("userId", userId).param("phone", phone).update() > 0;
	}

	List<Suppression> page(UUID userId, int page, int size) {
		return this.jdbc.sql(PAGE)
			.param("userId", userId)
			.param("limit", size)
			.param("offset", page * size)
			.query((rs, row) -> new Suppression(rs.getString("phone"), rs.getString("reason"),
					rs.getObject("created_at", OffsetDateTime.class)))
			.list();
	}

	/** Every number the user has suppressed. */
	public Set<String> allOf(UUID userId) {
		return new HashSet<>(this.jdbc.sql("SELECT phone FROM suppressions WHERE user_id = :userId")
			.param("userId", userId)
			.query(String.class)
			.list());
	}

	/** Which of {@code phones} (E.164) the user has suppressed. */
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

	record Suppression(String phone, String reason, OffsetDateTime createdAt) {

	}

}
