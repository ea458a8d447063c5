package com.wacampaigns.gateway.sender;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A user's WhatsApp business numbers (senders).
 */
@Repository
class JdbcSenderRepository {

	private static final String OF_USER = """
			SELECT id, user_id, phone_number_id, display_phone_number, access_token_encrypted, status,
			       connection_failure_count, last_connection_failure, messages_per_second, waba_id
			FROM senders
			WHERE user_id = :userId
			ORDER BY (status = 'CONNECTED') DESC, created_at
			LIMIT 1
			""";

	private static final String BY_PHONE_NUMBER_ID = """
			SELECT id, user_id, phone_number_id, display_phone_number, access_token_encrypted, status,
			       connection_failure_count, last_connection_failure, messages_per_second, waba_id
			FROM senders
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

	int pauseCampaigns(UUID senderId, String reason) {
		return this.jdbc.sql(PAUSE_CAMPAIGNS).param("senderId", senderId).param("reason", reason).update();
	}

	/**
	 * @param wabaId the WhatsApp Business Account of the number, or {@code null}
	 */
	record SenderRow(UUID id, UUID userId, String phoneNumberId, String displayPhoneNumber, String accessTokenEncrypted,
			String status, int connectionFailureCount, OffsetDateTime lastConnectionFailure, int messagesPerSecond,
			String wabaId) {

		@Override
		public String toString() {
			return "SenderRow[" + this.phoneNumberId + ", " + this.status + "]";
		}

	}

}
