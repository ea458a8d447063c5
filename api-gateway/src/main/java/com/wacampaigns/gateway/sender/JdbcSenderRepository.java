package com.wacampaigns.gateway.sender;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A user's WhatsApp business numbers (senders).
 */
@Repository
class JdbcSenderRepository {

	/** A sender row as {@link SenderRow} reads it. */
	private static final String COLUMNS = """
			SELECT id, user_id, phone_number_id, display_phone_number, access_token_encrypted, status,
			       connection_failure_count, last_connection_failure, messages_per_second, waba_id, business_id,
			       messaging_tier, quality_rating, throughput_level
			FROM senders
			""";

	private static final String OF_USER = COLUMNS + """
			WHERE user_id = :userId
			ORDER BY (status = 'CONNECTED') DESC, created_at
			LIMIT 1
			""";

	private static final String BY_PHONE_NUMBER_ID = COLUMNS + """
			WHERE phone_number_id = :phoneNumberId
			""";

	/** A connection without a WhatsApp Business Account keeps the one given before. */
	private static final String CONNECT = """
			INSERT INTO senders (id, user_id, phone_number_id, display_phone_number, access_token_encrypted,
			                     status, messages_per_second, waba_id)
			VALUES (:id, :userId, :phoneNumberId, :display, :token, 'CONNECTED', :messagesPerSecond, :wabaId)
			ON CONFLICT (phone_number_id) DO UPDATE
			SET display_phone_number = excluded.display_phone_number,
			    access_token_encrypted = excluded.access_token_encrypted,
			    status = 'CONNECTED', connection_failure_count = 0, last_connection_failure = NULL,
			    messages_per_second = excluded.messages_per_second,
			    waba_id = coalesce(excluded.waba_id, senders.waba_id), updated_at = now()
			WHERE senders.user_id = excluded.user_id
			""";

	private static final String DISCONNECT = """
			UPDATE senders
			SET status = 'DISCONNECTED',
			    access_token_encrypted = CASE WHEN :force THEN NULL ELSE access_token_encrypted END,
			    updated_at = now()
			WHERE id = :id
			""";

	private static final String OF_ACCOUNT = COLUMNS + """
			WHERE waba_id = :wabaId
			""";

	/** Numbers whose limits are worth reading: connected, with a token. */
	private static final String CONNECTED = COLUMNS + """
			WHERE status = 'CONNECTED' AND access_token_encrypted IS NOT NULL
			ORDER BY created_at
			""";

	/**
	 * What Meta said is kept; what it did not say stays as it was. Answers the quality
	 * rating the row had, read under its lock.
	 */
	private static final String SET_LIMITS = """
			UPDATE senders s
			SET business_id = coalesce(:businessId, s.business_id),
			    messaging_tier = coalesce(:messagingTier, s.messaging_tier),
			    quality_rating = coalesce(:qualityRating, s.quality_rating),
			    throughput_level = coalesce(:throughputLevel, s.throughput_level),
			    limits_checked_at = now(), updated_at = now()
			FROM (SELECT id, quality_rating FROM senders WHERE id = :id FOR UPDATE) before
			WHERE s.id = before.id
			RETURNING before.quality_rating
			""";

	/**
	 * The messaging limit is the portfolio's: every number of the portfolio (or, before
	 * the portfolio is known, of the account) has it.
	 */
	private static final String SET_TIER = """
			UPDATE senders s
			SET messaging_tier = :messagingTier, updated_at = now()
			WHERE s.waba_id = :wabaId
			   OR s.business_id IN (SELECT o.business_id FROM senders o WHERE o.waba_id = :wabaId)
			""";

	/** A number's running MARKETING campaigns, paused. */
	private static final String PAUSE_MARKETING = """
			UPDATE campaigns c
			SET status = 'PAUSED', status_reason = :reason, updated_at = now()
			FROM templates t
			WHERE c.sender_id = :senderId AND c.status IN ('RUNNING', 'SCHEDULED')
			  AND t.id = c.template_id AND t.category = 'MARKETING'
			""";

	/** A number's running MARKETING campaigns, at half their rate. */
	private static final String HALVE_MARKETING = """
			UPDATE campaigns c
			SET rate_limit = greatest(1, c.rate_limit / 2), updated_at = now()
			FROM templates t
			WHERE c.sender_id = :senderId AND c.status IN ('RUNNING', 'SCHEDULED')
			  AND t.id = c.template_id AND t.category = 'MARKETING'
			""";

	/** The periodic read's turn: see the 014 changeset. */
	private static final String TAKE_TURN = """
			UPDATE reconciler_lease
			SET last_run = now()
			WHERE name = 'sender-limits'
			  AND (last_run IS NULL OR last_run < now() - make_interval(secs => :seconds))
			""";

	private static final String PAUSE_CAMPAIGNS = """
			UPDATE campaigns
			SET status = 'PAUSED', status_reason = :reason, updated_at = now()
			WHERE sender_id = :senderId AND status IN ('RUNNING', 'SCHEDULED')
			""";

	private final JdbcClient jdbc;

	JdbcSenderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<SenderRow> ofUser(UUID userId) {
		return this.jdbc.sql(OF_USER).param("userId", userId).query(SenderRow.class).optional();
	}

	Optional<SenderRow> byPhoneNumberId(String phoneNumberId) {
		return this.jdbc.sql(BY_PHONE_NUMBER_ID)
			.param("phoneNumberId", phoneNumberId)
			.query(SenderRow.class)
			.optional();
	}

	/**
	 * @return false when the number belongs to another user
	 */
	boolean connect(UUID userId, String phoneNumberId, String display, String encryptedToken, int messagesPerSecond,
			String wabaId) {
		return this.jdbc.sql(CONNECT)
			.param("id", UUID.randomUUID())
			.param("userId", userId)
			.param("phoneNumberId", phoneNumberId)
			.param("display", display)
			.param("token", encryptedToken)
			.param("messagesPerSecond", messagesPerSecond)
			.param("wabaId", wabaId)
			.update() == 1;
	}

	void disconnect(UUID senderId, boolean force) {
		this.jdbc.sql(DISCONNECT).param("id", senderId).param("force", force).update();
	}

	List<SenderRow> ofAccount(String wabaId) {
		return this.jdbc.sql(OF_ACCOUNT).param("wabaId", wabaId).query(SenderRow.class).list();
	}

	/**
	 * @return whether this gateway reads the limits now
	 */
	boolean takeTurn(Duration since) {
		return this.jdbc.sql(TAKE_TURN).param("seconds", since.toMillis() / 1000.0).update() == 1;
	}

	List<SenderRow> connected() {
		return this.jdbc.sql(CONNECTED).query(SenderRow.class).list();
	}

	/**
	 * @param businessId the portfolio, or {@code null} when not known now
	 * @return the quality rating before, or {@code null}
	 */
	String setLimits(UUID senderId, String businessId, NumberLimits limits) {
		return this.jdbc.sql(SET_LIMITS)
			.param("id", senderId)
			.param("businessId", businessId)
			.param("messagingTier", limits.messagingTier())
			.param("qualityRating", limits.qualityRating())
			.param("throughputLevel", limits.throughputLevel())
			.query((rs, row) -> Optional.ofNullable(rs.getString(1)))
			.list()
			.stream()
			.findFirst()
			.flatMap((quality) -> quality)
			.orElse(null);
	}

	/**
	 * @return numbers whose messaging limit was set
	 */
	int setTierOfAccount(String wabaId, String messagingTier) {
		return this.jdbc.sql(SET_TIER).param("wabaId", wabaId).param("messagingTier", messagingTier).update();
	}

	/**
	 * @return campaigns paused
	 */
	int pauseMarketingCampaigns(UUID senderId, String reason) {
		return this.jdbc.sql(PAUSE_MARKETING).param("senderId", senderId).param("reason", reason).update();
	}

	/**
	 * @return campaigns slowed down
	 */
	int halveMarketingCampaigns(UUID senderId) {
		return this.jdbc.sql(HALVE_MARKETING).param("senderId", senderId).update();
	}

	int pauseCampaigns(UUID senderId, String reason) {
		return this.jdbc.sql(PAUSE_CAMPAIGNS).param("senderId", senderId).param("reason", reason).update();
	}

	/**
	 * @param wabaId the WhatsApp Business Account of the number, or {@code null}
	 * @param businessId the business portfolio, or {@code null} before Meta said
	 * @param messagingTier the portfolio's messaging limit, or {@code null} before Meta
	 * said
	 */
	record SenderRow(UUID id, UUID userId, String phoneNumberId, String displayPhoneNumber, String accessTokenEncrypted,
			String status, int connectionFailureCount, OffsetDateTime lastConnectionFailure, int messagesPerSecond,
			String wabaId, String businessId, String messagingTier, String qualityRating, String throughputLevel) {

		@Override
		public String toString() {
			return "SenderRow[" + this.phoneNumberId + ", " + this.status + "]";
		}

	}

}
