package com.wacampaigns.localstack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.wacampaigns.common.crypto.SecretCipher;

/**
 * Writes users, templates, senders and campaigns straight into the schema: the local
 * stack's seed data and the tests' fixtures. Never part of a production path.
 * <p>
 * Each row has a builder whose defaults make a valid row, so that a caller names only
 * what it cares about:
 * {@code seeder.campaign().owner(user).template(template).status("RUNNING").recipients(5).create()}.
 */
public final class Seeder {

	/** The password of a seeded user unless the builder is given another. */
	public static final String PASSWORD = "pw";

	private static final PasswordEncoder PASSWORDS = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\d+)}}");

	private static final String INSERT_USER = """
			INSERT INTO users (id, username, password_hash, roles, default_region) VALUES (?, ?, ?, ?, 'IN')
			ON CONFLICT (id) DO NOTHING""";

	private static final String INSERT_TEMPLATE = """
			INSERT INTO templates (id, user_id, name, language, category, body, parameter_count, status)
			OVERRIDING SYSTEM VALUE
			VALUES (coalesce(?, nextval(pg_get_serial_sequence('templates', 'id'))), ?, ?, 'en_US', ?, ?, ?, ?)
			RETURNING id""";

	private static final String SYNC_TEMPLATE_IDS = """
			SELECT setval(pg_get_serial_sequence('templates', 'id'), (SELECT max(id) FROM templates))""";

	private static final String INSERT_SENDER = """
			INSERT INTO senders (id, user_id, phone_number_id, display_phone_number, access_token_encrypted,
			                     messages_per_second, waba_id)
			VALUES (?, ?, ?, ?, ?, ?, ?)""";

	private static final String INSERT_CAMPAIGN = """
			INSERT INTO campaigns (id, user_id, template_id, sender_id, name, status, total_recipients, pending,
			                       rate_limit, max_workers, started_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? = 'RUNNING' THEN now() END)""";

	private static final String INSERT_RECIPIENTS = """
			INSERT INTO campaign_recipients (id, campaign_id, sequence, phone_number, country_code, full_phone,
			                                 name, parameters)
			SELECT gen_random_uuid(), ?, n, '+9198' || lpad(n::text, 8, '0'), '91', '+9198' || lpad(n::text, 8, '0'),
			       'Name ' || n, jsonb_build_object('1', 'Name ' || n, '2', n::text)
			FROM generate_series(1, ?) AS n""";

	private final DataSource dataSource;

	public Seeder(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * A user: by default a USER named {@code user-<random>} with the password
	 * {@link #PASSWORD}, in region IN.
	 */
	public UserBuilder user() {
		return new UserBuilder();
	}

	/**
	 * A template: by default an APPROVED MARKETING one in en_US named {@code t-<random>},
	 * with the body {@code Hi {{1}}, order {{2}}}, belonging to no one.
	 */
	public TemplateBuilder template() {
		return new TemplateBuilder();
	}

	/**
	 * A connected sender of {@link SenderBuilder#owner(UUID) its owner}: by default a
	 * {@link #randomPhoneNumberId() random phone-number id}, display number
	 * {@code +15550001111}, no stored token and 80 messages per second.
	 */
	public SenderBuilder sender() {
		return new SenderBuilder();
	}

	/**
	 * A campaign of {@link CampaignBuilder#owner(UUID) its owner} and
	 * {@link CampaignBuilder#template(long) template}: by default a DRAFT without sender
	 * or recipients, at 10 messages per second with one worker.
	 */
	public CampaignBuilder campaign() {
		return new CampaignBuilder();
	}

	/** The phone of the n-th seeded recipient: a valid Indian mobile number. */
	public static String phone(int n) {
		return "+9198" + String.format("%08d", n);
	}

	/**
	 * A phone-number id of 15 random digits, as Meta's are: seeded senders never share
	 * one.
	 */
	public static String randomPhoneNumberId() {
		return Long.toString(100_000_000_000_000L + ThreadLocalRandom.current().nextLong(900_000_000_000_000L));
	}

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

	/** The recipient ids of a campaign, in sequence order. */
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

	/** The parameters a body takes: its highest {@code {{n}}}. */
	private static int highestPlaceholder(String body) {
		Matcher placeholder = PLACEHOLDER.matcher(body);
		int highest = 0;
		while (placeholder.find()) {
			highest = Math.max(highest, Integer.parseInt(placeholder.group(1)));
		}
		return highest;
	}

	private static <T> T required(T value, String what) {
		if (value == null) {
			throw new IllegalStateException("Seeding needs " + what);
		}
		return value;
	}

	@FunctionalInterface
	private interface Binder {

		void bind(PreparedStatement statement, Connection connection) throws SQLException;

	}

	/**
	 * A row of {@code users}; {@link #create()} leaves an existing user with the same id
	 * as it is.
	 */
	public final class UserBuilder {

		private UUID id = UUID.randomUUID();

		private String username = "user-" + UUID.randomUUID();

		private String password = PASSWORD;

		private String[] roles = { "USER" };

		private UserBuilder() {
		}

		public UserBuilder id(UUID id) {
			this.id = id;
			return this;
		}

		public UserBuilder username(String username) {
			this.username = username;
			return this;
		}

		public UserBuilder password(String password) {
			this.password = password;
			return this;
		}

		/** USER, ADMIN or both. */
		public UserBuilder roles(String... roles) {
			this.roles = roles;
			return this;
		}

		/**
		 * @return the user's id
		 */
		public UUID create() {
			execute(INSERT_USER, (statement, connection) -> {
				statement.setObject(1, this.id);
				statement.setString(2, this.username);
				statement.setString(3, PASSWORDS.encode(this.password));
				statement.setArray(4, connection.createArrayOf("text", this.roles));
			});
			return this.id;
		}

	}

	/**
	 * A row of {@code templates}.
	 */
	public final class TemplateBuilder {

		private Long id;

		private UUID owner;

		private String name = "t-" + UUID.randomUUID();

		private String category = "MARKETING";

		private String body = "Hi {{1}}, order {{2}}";

		private Integer parameters;

		private String status = "APPROVED";

		private TemplateBuilder() {
		}

		/**
		 * A fixed id, as the local stack's quick start names it; the id sequence is moved
		 * past it.
		 */
		public TemplateBuilder id(long id) {
			this.id = id;
			return this;
		}

		public TemplateBuilder owner(UUID userId) {
			this.owner = userId;
			return this;
		}

		public TemplateBuilder name(String name) {
			this.name = name;
			return this;
		}

		/** MARKETING, UTILITY or AUTHENTICATION. */
		public TemplateBuilder category(String category) {
			this.category = category;
			return this;
		}

		public TemplateBuilder body(String body) {
			this.body = body;
			return this;
		}

		/**
		 * How many parameters it takes; by default the highest {@code {{n}}} of its body.
		 */
		public TemplateBuilder parameters(int count) {
			this.parameters = count;
			return this;
		}

		/** APPROVED, PENDING, REJECTED, PAUSED or DISABLED. */
		public TemplateBuilder status(String status) {
			this.status = status;
			return this;
		}

		/**
		 * @return the template's id
		 */
		public long create() {
			int parameterCount = (this.parameters != null) ? this.parameters : highestPlaceholder(this.body);
			long created = query(INSERT_TEMPLATE, (statement, connection) -> {
				statement.setObject(1, this.id);
				statement.setObject(2, this.owner);
				statement.setString(3, this.name);
				statement.setString(4, this.category);
				statement.setString(5, this.body);
				statement.setInt(6, parameterCount);
				statement.setString(7, this.status);
			});
			if (this.id != null) {
				// Later templates take their ids from the sequence, which knows nothing
				// of
				// this one.
				execute(SYNC_TEMPLATE_IDS, (statement, connection) -> {
				});
			}
			return created;
		}

	}

	/**
	 * A row of {@code senders}, CONNECTED.
	 */
	public final class SenderBuilder {

		private UUID owner;

		private String phoneNumberId = randomPhoneNumberId();

		private String displayNumber = "+15550001111";

		private String encryptedToken;

		private int messagesPerSecond = 80;

		private String wabaId;

		private SenderBuilder() {
		}

		public SenderBuilder owner(UUID userId) {
			this.owner = userId;
			return this;
		}

		/** Meta's id of the business number, which webhooks name. */
		public SenderBuilder phoneNumberId(String phoneNumberId) {
			this.phoneNumberId = phoneNumberId;
			return this;
		}

		public SenderBuilder displayNumber(String displayNumber) {
			this.displayNumber = displayNumber;
			return this;
		}

		/**
		 * The access token at Meta, stored encrypted with {@code encryptionKey} as the
		 * gateway stores it.
		 */
		public SenderBuilder accessToken(String token, String encryptionKey) {
			this.encryptedToken = new SecretCipher(encryptionKey).encrypt(token);
			return this;
		}

		public SenderBuilder messagesPerSecond(int messagesPerSecond) {
			this.messagesPerSecond = messagesPerSecond;
			return this;
		}

		/** The WhatsApp Business Account the number belongs to; none by default. */
		public SenderBuilder wabaId(String wabaId) {
			this.wabaId = wabaId;
			return this;
		}

		/**
		 * @return the sender's id
		 */
		public UUID create() {
			UUID id = UUID.randomUUID();
			UUID userId = required(this.owner, "a sender's owner");
			execute(INSERT_SENDER, (statement, connection) -> {
				statement.setObject(1, id);
				statement.setObject(2, userId);
				statement.setString(3, this.phoneNumberId);
				statement.setString(4, this.displayNumber);
				statement.setString(5, this.encryptedToken);
				statement.setInt(6, this.messagesPerSecond);
				statement.setString(7, this.wabaId);
			});
			return id;
		}

	}

	/**
	 * A row of {@code campaigns} and its recipients: the n-th has the phone
	 * {@link Seeder#phone(int) phone(n)} and the parameters {@code {"1": "Name n", "2":
	 * "n"}}, all PENDING.
	 */
	public final class CampaignBuilder {

		private UUID owner;

		private Long template;

		private UUID sender;

		private String name = "Seeded campaign";

		private String status = "DRAFT";

		private int rateLimit = 10;

		private int maxWorkers = 1;

		private int recipients;

		private CampaignBuilder() {
		}

		public CampaignBuilder owner(UUID userId) {
			this.owner = userId;
			return this;
		}

		public CampaignBuilder template(long templateId) {
			this.template = templateId;
			return this;
		}

		/** The sender it goes out through; none by default, as a fresh draft has. */
		public CampaignBuilder sender(UUID senderId) {
			this.sender = senderId;
			return this;
		}

		public CampaignBuilder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * DRAFT, SCHEDULED, RUNNING (started now), PAUSED, COMPLETED, STOPPED or FAILED.
		 */
		public CampaignBuilder status(String status) {
			this.status = status;
			return this;
		}

		/** Messages per second. */
		public CampaignBuilder rateLimit(int rateLimit) {
			this.rateLimit = rateLimit;
			return this;
		}

		public CampaignBuilder maxWorkers(int maxWorkers) {
			this.maxWorkers = maxWorkers;
			return this;
		}

		/**
		 * How many PENDING recipients it has, counted in {@code total_recipients} and
		 * {@code pending}.
		 */
		public CampaignBuilder recipients(int recipients) {
			this.recipients = recipients;
			return this;
		}

		/**
		 * @return the campaign's id
		 */
		public UUID create() {
			UUID id = UUID.randomUUID();
			UUID userId = required(this.owner, "a campaign's owner");
			long templateId = required(this.template, "a campaign's template");
			execute(INSERT_CAMPAIGN, (statement, connection) -> {
				statement.setObject(1, id);
				statement.setObject(2, userId);
				statement.setLong(3, templateId);
				statement.setObject(4, this.sender);
				statement.setString(5, this.name);
				statement.setString(6, this.status);
				statement.setInt(7, this.recipients);
				statement.setInt(8, this.recipients);
				statement.setInt(9, this.rateLimit);
				statement.setInt(10, this.maxWorkers);
				statement.setString(11, this.status);
			});
			execute(INSERT_RECIPIENTS, (statement, connection) -> {
				statement.setObject(1, id);
				statement.setInt(2, this.recipients);
			});
			return id;
		}

	}

}
