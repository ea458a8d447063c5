package com.wacampaigns.dispatcher.sending;

import java.util.Optional;
import java.util.UUID;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.ThroughputLevel;
import com.wacampaigns.common.crypto.SecretCipher;
import com.wacampaigns.dispatcher.DispatcherProperties;

/**
 * Senders by phone-number id, read from PostgreSQL and kept for a short while so that the
 * hot path does not query them per message.
 */
@Component
class Senders {

	private static final String BY_PHONE_NUMBER_ID = """
			SELECT id, phone_number_id, access_token_encrypted, status, messages_per_second, throughput_level
			FROM senders
			WHERE phone_number_id = :phoneNumberId
			""";

	private final LoadingCache<String, Optional<Sender>> cache;

	Senders(JdbcClient jdbc, DispatcherProperties properties) {
		SecretCipher cipher = new SecretCipher(properties.tokenEncryptionKey());
		this.cache = CacheBuilder.newBuilder()
			.expireAfterWrite(properties.senderCacheTtl())
			.build(CacheLoader.from((phoneNumberId) -> jdbc.sql(BY_PHONE_NUMBER_ID)
				.param("phoneNumberId", phoneNumberId)
				.query((rs, row) -> {
					String token = rs.getString("access_token_encrypted");
					boolean connected = token != null && "CONNECTED".equals(rs.getString("status"));
					return new Sender(rs.getObject("id", UUID.class), rs.getString("phone_number_id"),
							connected ? cipher.decrypt(token) : null,
							ThroughputLevel.ceiling(rs.getInt("messages_per_second"), rs.getString("throughput_level")),
							connected);
				})
				.optional()));
	}

	Optional<Sender> byPhoneNumberId(String phoneNumberId) {
		return this.cache.getUnchecked(phoneNumberId);
	}

	/** Read the sender again next time (its state changed). */
	void forget(String phoneNumberId) {
		this.cache.invalidate(phoneNumberId);
	}

}
