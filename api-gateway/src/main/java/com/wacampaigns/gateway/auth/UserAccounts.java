package com.wacampaigns.gateway.auth;

import java.sql.Array;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Users as the gateway reads them.
 */
@Repository
public class UserAccounts {

	private static final String BY_USERNAME = """
			SELECT id, username, password_hash, roles, default_region
			FROM users
			WHERE username = :username
			""";

	private static final String BY_ID = """
			SELECT id, username, password_hash, roles, default_region
			FROM users
			WHERE id = :id
			""";

	private static final String INSERT = """
			INSERT INTO users (id, username, password_hash, roles, default_region)
			VALUES (:id, :username, :hash, :roles::text[], :region)
			ON CONFLICT (username) DO NOTHING
			""";

	private final JdbcClient jdbc;

	UserAccounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @return whether the user was created; {@code false} when the username is taken
	 */
	boolean create(UUID id, String username, String passwordHash, List<String> roles, String region) {
		return this.jdbc.sql(INSERT)
			.param("id", id)
			.param("username", username)
			.param("hash", passwordHash)
			.param("roles", roles.toArray(String[]::new))
			.param("region", region)
			.update() == 1;
	}

	Optional<UserAccount> byUsername(String username) {
		return this.jdbc.sql(BY_USERNAME).param("username", username).query(this::map).optional();
	}

	public Optional<UserAccount> byId(UUID id) {
		return this.jdbc.sql(BY_ID).param("id", id).query(this::map).optional();
	}

	private UserAccount map(java.sql.ResultSet rs, int row) throws SQLException {
		Array roles = rs.getArray("roles");
		return new UserAccount(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("password_hash"),
				List.of((String[]) roles.getArray()), rs.getString("default_region"));
	}

	/**
	 * @param defaultRegion ISO 3166 region for phone numbers given without a country code
	 */
	public record UserAccount(UUID id, String username, String passwordHash, List<String> roles, String defaultRegion) {

		@Override
		public String toString() {
			return "UserAccount[" + this.username + ", " + this.roles + "]";
		}

	}

}
