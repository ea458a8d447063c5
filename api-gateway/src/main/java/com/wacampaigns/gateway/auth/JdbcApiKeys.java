package com.wacampaigns.gateway.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code api_keys} rows. */
@Repository
class JdbcApiKeys {

	private static final String INSERT = """
			INSERT INTO api_keys (id, user_id, name, prefix, secret_hash, scopes, allowed_networks, expires_at)
			VALUES (:id, :userId, :name, :prefix, :secretHash, :scopes::text[], :networks::text[], :expiresAt)
			""";

	private static final String COLUMNS = """
			SELECT k.id, k.user_id, u.username, k.name, k.prefix, k.scopes, k.allowed_networks, k.expires_at,
			       k.created_at, k.last_used_at, k.revoked_at
			FROM api_keys k
			JOIN users u ON u.id = k.user_id
			""";

	/** The key a request presents, with what it needs to be checked. */
	private static final String BY_PREFIX = """
			SELECT k.id, k.user_id, k.secret_hash, k.scopes, k.allowed_networks, k.expires_at, k.revoked_at,
			       k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute' AS use_due
			FROM api_keys k
			WHERE k.prefix = :prefix
			""";

	/**
	 * At most one write a minute per key, and only when the key's row, just read, says
	 * one is due ({@code StoredKey.useDue}): no second round trip on most requests.
	 */
	private static final String USED = """
			UPDATE api_keys SET last_used_at = now()
			WHERE id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
			""";

	private static final String REVOKE = """
			UPDATE api_keys SET revoked_at = now()
			WHERE id = :id AND revoked_at IS NULL AND (CAST(:userId AS uuid) IS NULL OR user_id = :userId)
			""";

	private final JdbcClient jdbc;

	JdbcApiKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(UUID id, UUID userId, String name, String prefix, byte[] secretHash, List<String> scopes,
			List<String> networks, OffsetDateTime expiresAt) {
		this.jdbc.sql(INSERT)
			.param("id", id)
			.param("userId", userId)
			.param("name", name)
			.param("prefix", prefix)
			.param("secretHash", secretHash)
			.param("scopes", scopes.toArray(String[]::new))
			.param("networks", (networks != null) ? networks.toArray(String[]::new) : null)
			.param("expiresAt", expiresAt)
			.update();
	}

	Optional<ApiKeyView> find(UUID id) {
		return this.jdbc.sql(COLUMNS + "WHERE k.id = :id").param("id", id).query(JdbcApiKeys::view).optional();
	}

	/** Keys not revoked, newest first: a user's, or everyone's for {@code null}. */
	List<ApiKeyView> list(UUID userId) {
		return this.jdbc.sql(COLUMNS + """
				WHERE k.revoked_at IS NULL AND (CAST(:userId AS uuid) IS NULL OR k.user_id = :userId)
				ORDER BY k.created_at DESC
				""").param("userId", userId).query(JdbcApiKeys::view).list();
	}

	Optional<StoredKey> byPrefix(String prefix) {
		return this.jdbc.sql(BY_PREFIX)
			.param("prefix", prefix)
			.query((rs, row) -> new StoredKey(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
					rs.getBytes("secret_hash"), strings(rs, "scopes"), strings(rs, "allowed_networks"),
					rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("revoked_at") != null,
					rs.getBoolean("use_due")))
			.optional();
	}

	void used(UUID id) {
		this.jdbc.sql(USED).param("id", id).update();
	}

	/**
	 * @param userId the owner it must have, or {@code null} for any (an admin)
	 */
	boolean revoke(UUID id, UUID userId) {
		return this.jdbc.sql(REVOKE).param("id", id).param("userId", userId).update() == 1;
	}

	private static ApiKeyView view(ResultSet rs, int row) throws SQLException {
		return new ApiKeyView(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
				rs.getString("username"), rs.getString("name"), rs.getString("prefix"), strings(rs, "scopes"),
				strings(rs, "allowed_networks"), rs.getObject("expires_at", OffsetDateTime.class),
				rs.getObject("created_at", OffsetDateTime.class), rs.getObject("last_used_at", OffsetDateTime.class),
				null);
	}

	private static List<String> strings(ResultSet rs, String column) throws SQLException {
		java.sql.Array array = rs.getArray(column);
		return (array != null) ? Arrays.asList((String[]) array.getArray()) : null;
	}

	/**
	 * A key as stored, for checking the one a request presents.
	 *
	 * @param networks the client networks it may come from, {@code null} for any
	 * @param useDue whether its last use is to be written (none for a minute)
	 */
	record StoredKey(UUID id, UUID userId, byte[] secretHash, List<String> scopes, List<String> networks,
			OffsetDateTime expiresAt, boolean revoked, boolean useDue) {

	}

}
