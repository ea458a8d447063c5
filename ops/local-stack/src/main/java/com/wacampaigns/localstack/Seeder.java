package com.wacampaigns.localstack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;
import java.util.ArrayList;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Writes users, templates, senders and campaigns straight into the schema: the local
 * stack's seed data and the tests' fixtures. Never part of a production path.
 */
public final class Seeder {

	private static final PasswordEncoder PASSWORDS = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	private final DataSource dataSource;

	public Seeder(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	public UUID user(UUID id, String username, String password, String... roles) {
		execute("""
				INSERT INTO users (id, username, password_hash, roles, default_region) VALUES (?, ?, ?, ?, 'IN')
				ON CONFLICT (id) DO NOTHING""", (statement, connection) -> {
			statement.setObject(1, id);
			statement.setString(2, username);
			statement.setString(3, PASSWORDS.encode(password));
			statement.setArray(4, connection.createArrayOf("text", roles));
		});
		return id;
	}

	public long template(Long id, UUID userId, String name, String body, int parameterCount, String status) {
		return query(
				"""
						INSERT INTO templates (id, user_id, name, language, category, body, parameter_count, status)
						OVERRIDING SYSTEM VALUE
						VALUES (coalesce(?, nextval(pg_get_serial_sequence('templates', 'id'))), ?, ?, 'en_US', 'MARKETING', ?, ?, ?)
						RETURNING id""",
				(statement, connection) -> {
					statement.setObject(1, id);
					statement.setObject(2, userId);
					statement.setString(3, name);
					statement.setString(4, body);
					statement.setInt(5, parameterCount);
					statement.setString(6, status);
				});
	}

	/**
	 * Keeps the identity sequence ahead of templates inserted with explicit ids.
	 */
	public void syncTemplateIds() {
		execute("SELECT setval(pg_get_serial_sequence('templates', 'id'), (SELECT max(id) FROM templates))",
				(statement, connection) -> {
				});
	}

	public UUID sender(UUID userId, String phoneNumberId, String displayNumber, String encryptedToken,
			int messagesPerSecond) {
		UUID id = UUID.randomUUID();
		execute("""
				INSERT INTO senders (id, user_id, phone_number_id, display_phone_number, access_token_encrypted,
				                     messages_per_second)
				VALUES (?, ?, ?, ?, ?, ?)""", (statement, connection) -> {
			statement.setObject(1, id);
			statement.setObject(2, userId);
			statement.setString(3, phoneNumberId);
			statement.setString(4, displayNumber);
			statement.setString(5, encryptedToken);
			statement.setInt(6, messagesPerSecond);
		});
		return id;
	}

	/**
	 * A campaign with {@code recipients} PENDING recipients whose phones are
	 * {@link #phone(int) phone(1..n)}, each with parameters {@code {"1": "Name i", "2":
	 * "i"}}.
	 */
	public UUID campaign(UUID userId, long templateId, UUID senderId, String status, int rateLimit, int maxWorkers,
			int recipients) {
		UUID id = UUID.randomUUID();
		execute("""
				INSERT INTO campaigns (id, user_id, template_id, sender_id, name, status, total_recipients, pending,
				                       rate_limit, max_workers, started_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? = 'RUNNING' THEN now() END)""",
				(statement, connection) -> {
					statement.setObject(1, id);
					statement.setObject(2, userId);
					statement.setLong(3, templateId);
					statement.setObject(4, senderId);
					statement.setString(5, "Seeded campaign");
					statement.setString(6, status);
					statement.setInt(7, recipients);
					statement.setInt(8, recipients);
					statement.setInt(9, rateLimit);
					statement.setInt(10, maxWorkers);
					statement.setString(11, status);
				});
		execute("""
				INSERT INTO campaign_recipients (id, campaign_id, sequence, phone_number, country_code, full_phone,
				                                 name, parameters)
				SELECT gen_random_uuid(), ?, n, '+9198' || lpad(n::text, 8, '0'), '91', '+9198' || lpad(n::text, 8, '0'),
				       'Name ' || n, jsonb_build_object('1', 'Name ' || n, '2', n::text)
				FROM generate_series(1, ?) AS n""",
				(statement, connection) -> {
					statement.setObject(1, id);
					statement.setInt(2, recipients);
				});
		return id;
	}

	/** The phone of the n-th seeded recipient: a valid Indian mobile number. */
	public static String phone(int n) {
		return "+9198" + String.format("%08d", n);
	}

	/** The recipient ids of a campaign, in sequence order. */
	/** The id of the sender with this phone-number id. */
	public UUID senderOf(String phoneNumberId) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT id FROM senders WHERE phone_number_id = ?")) {
			statement.setString(1, phoneNumberId);
			try (ResultSet rows = statement.executeQuery()) {
				if (!rows.next()) {
					throw new IllegalStateException("No sender " + phoneNumberId);
				}
				return rows.getObject(1, UUID.class);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public List<UUID> recipientIds(UUID campaignId) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT id FROM campaign_recipients WHERE campaign_id = ? ORDER BY sequence")) {
			statement.setObject(1, campaignId);
			try (ResultSet rows = statement.executeQuery()) {
				List<UUID> ids = new ArrayList<>();
				while (rows.next()) {
					ids.add(rows.getObject(1, UUID.class));
				}
				return ids;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void execute(String sql, Binder binder) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			binder.bind(statement, connection);
			statement.execute();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Seeding failed: " + ex.getMessage(), ex);
		}
	}

	private long query(String sql, Binder binder) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			binder.bind(statement, connection);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Seeding failed: " + ex.getMessage(), ex);
		}
	}

	@FunctionalInterface
	private interface Binder {

		void bind(PreparedStatement statement, Connection connection) throws SQLException;

	}

}
