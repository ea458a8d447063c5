package com.wacampaigns.dispatcher.health;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The three-strikes session rule, and the campaign pauses and stops that Meta's account
 * errors call for. Connection failures (our connection to Meta, token errors, server
 * errors after retries) count up in the order of the sends: a failure counts only if its
 * send started after the last failure was counted, so a burst of sends that fail together
 * counts once, and a success resets the count only if its send started after that
 * failure. The third in a row disconnects the sender and pauses its running campaigns
 * with the reason; it wipes the stored token only when it is a token error (0, 190), so a
 * failure of our own network never costs a customer their session. A success only writes
 * when this dispatcher has seen a failure of that sender, so the hot path stays free of
 * sender updates.
 */
@Component
public class SenderHealth {

	private static final Logger log = LoggerFactory.getLogger(SenderHealth.class);

	public static final int FAILURES_TO_DISCONNECT = 3;

	private static final String FAILED = """
			UPDATE senders
			SET connection_failure_count = connection_failure_count + 1,
			    last_connection_failure = :failedAt, updated_at = now()
			WHERE id = :id AND (last_connection_failure IS NULL OR last_connection_failure < :startedAt)
			RETURNING connection_failure_count
			""";

	private static final String RESET = """
			UPDATE senders
			SET connection_failure_count = 0, updated_at = now()
			WHERE id = :id AND connection_failure_count > 0
			  AND (last_connection_failure IS NULL OR last_connection_failure < :startedAt)
			""";

	private static final String DISCONNECT = """
			UPDATE senders
			SET status = 'DISCONNECTED', updated_at = now(),
			    access_token_encrypted = CASE WHEN :wipeToken THEN NULL ELSE access_token_encrypted END
			WHERE id = :id AND status = 'CONNECTED'
			""";

	private static final String PAUSE_SENDER_CAMPAIGNS = """
			UPDATE campaigns
			SET status = 'PAUSED', status_reason = :reason, updated_at = now()
			WHERE sender_id = :senderId AND status IN ('RUNNING', 'SCHEDULED')
			""";

	private static final String STOP_SENDER_CAMPAIGNS = """
			UPDATE campaigns
			SET status = 'STOPPED', status_reason = :reason, completed_at = now(), updated_at = now()
			WHERE sender_id = :senderId AND status IN ('DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED')
			""";

	/**
	 * Its template is paused or disabled at Meta (the only campaign problem): marked so,
	 * the campaign resumes when Meta's webhook reinstates the template.
	 */
	private static final String PAUSE_CAMPAIGN = """
			UPDATE campaigns
			SET status = 'PAUSED', status_reason = :reason, paused_for_template = true, updated_at = now()
			WHERE id = :id AND status = 'RUNNING'
			""";

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final Set<UUID> failing = ConcurrentHashMap.newKeySet();

	SenderHealth(JdbcClient jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	/**
	 * @param startedAt when the successful send started
	 */
	public void succeeded(UUID senderId, Instant startedAt) {
		if (this.failing.remove(senderId)) {
			this.jdbc.sql(RESET).param("id", senderId).param("startedAt", Timestamp.from(startedAt)).update();
		}
	}

	/**
	 * @param startedAt when the failed send started
	 * @param tokenError Meta refused the token: the disconnecting failure wipes it
	 * @return whether this failure disconnected the sender
	 */
	public boolean connectionFailed(UUID senderId, String reason, Instant startedAt, boolean tokenError) {
		this.failing.add(senderId);
		Boolean disconnected = this.transaction.execute((status) -> {
			Integer failures = this.jdbc.sql(FAILED)
				.param("id", senderId)
				.param("failedAt", Timestamp.from(Instant.now()))
				.param("startedAt", Timestamp.from(startedAt))
				.query(Integer.class)
				.optional()
				.orElse(null);
			if (failures == null || failures < FAILURES_TO_DISCONNECT
					|| this.jdbc.sql(DISCONNECT).param("id", senderId).param("wipeToken", tokenError).update() == 0) {
				return false;
			}
			this.jdbc.sql(PAUSE_SENDER_CAMPAIGNS)
				.param("senderId", senderId)
				.param("reason",
						"WhatsApp number disconnected after " + failures + " connection failures in a row; "
								+ (tokenError ? "connect it again with a new access token"
										: "its session is kept: connect it again")
								+ " (last: " + reason + ")")
				.update();
			return true;
		});
		if (Boolean.TRUE.equals(disconnected)) {
			log.warn("Sender {} disconnected after {} connection failures in a row; its campaigns are paused{} ({})",
					senderId, FAILURES_TO_DISCONNECT, tokenError ? " and its token wiped" : "", reason);
		}
		return Boolean.TRUE.equals(disconnected);
	}

	public void pauseCampaignsOf(UUID senderId, String reason) {
		int paused = this.jdbc.sql(PAUSE_SENDER_CAMPAIGNS).param("senderId", senderId).param("reason", reason).update();
		log.warn("Paused {} campaigns of sender {}: {}", paused, senderId, reason);
	}

	public void stopCampaignsOf(UUID senderId, String reason) {
		int stopped = this.jdbc.sql(STOP_SENDER_CAMPAIGNS).param("senderId", senderId).param("reason", reason).update();
		log.warn("Stopped {} campaigns of sender {}: {}", stopped, senderId, reason);
	}

	public void pauseForTemplate(UUID campaignId, String reason) {
		if (this.jdbc.sql(PAUSE_CAMPAIGN).param("id", campaignId).param("reason", reason).update() > 0) {
			log.warn("Paused campaign {}: {}", campaignId, reason);
		}
	}

}
