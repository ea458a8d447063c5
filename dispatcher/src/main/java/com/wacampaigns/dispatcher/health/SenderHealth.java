package com.wacampaigns.dispatcher.health;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The seed's three-strikes session rule, and the campaign pauses and stops that Meta's
 * account errors call for. Connection failures (connect errors, token errors, server
 * errors after retries) count up; a success resets the count; the third in a row
 * disconnects the sender, wipes its stored token and pauses its running campaigns with
 * the reason. A success only writes when this dispatcher has seen a failure of that
 * sender, so the hot path stays free of sender updates.
 */
@Component
public class SenderHealth {

	private static final Logger log = LoggerFactory.getLogger(SenderHealth.class);

	public static final int FAILURES_TO_DISCONNECT = 3;

	private static final String FAILED = """
			UPDATE senders
			SET connection_failure_count = connection_failure_count + 1,
			    last_connection_failure = now(), updated_at = now()
			WHERE id = :id
			RETURNING connection_failure_count
			""";

	private static final String RESET = """
			UPDATE senders
			SET connection_failure_count = 0, updated_at = now()
			WHERE id = :id AND connection_failure_count > 0
			""";

	private static final String DISCONNECT = """
			UPDATE senders
			SET status = 'DISCONNECTED', access_token_encrypted = NULL, updated_at = now()
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

	private static final String PAUSE_CAMPAIGN = """
			UPDATE campaigns
			SET status = 'PAUSED', status_reason = :reason, updated_at = now()
			WHERE id = :id AND status = 'RUNNING'
			""";

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final Set<UUID> failing = ConcurrentHashMap.newKeySet();

	SenderHealth(JdbcClient jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	public void succeeded(UUID senderId) {
		if (this.failing.remove(senderId)) {
			this.jdbc.sql(RESET).param("id", senderId).update();
		}
	}

	/**
	 * @return whether this failure disconnected the sender
	 */
	public boolean connectionFailed(UUID senderId, String reason) {
		this.failing.add(senderId);
		Boolean disconnected = this.transaction.execute((status) -> {
			int failures = this.jdbc.sql(FAILED).param("id", senderId).query(Integer.class).single();
			if (failures < FAILURES_TO_DISCONNECT || this.jdbc.sql(DISCONNECT).param("id", senderId).update() == 0) {
				return false;
			}
			this.jdbc.sql(PAUSE_SENDER_CAMPAIGNS)
				.param("senderId", senderId)
				.param("reason",
						"WhatsApp number disconnected after " + failures
								+ " connection failures; connect it again (last: " + reason + ")")
				.update();
			return true;
		});
		if (Boolean.TRUE.equals(disconnected)) {
			log.warn("Sender {} disconnected after {} connection failures; its campaigns are paused ({})", senderId,
					FAILURES_TO_DISCONNECT, reason);
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

	public void pauseCampaign(UUID campaignId, String reason) {
		if (this.jdbc.sql(PAUSE_CAMPAIGN).param("id", campaignId).param("reason", reason).update() > 0) {
			log.warn("Paused campaign {}: {}", campaignId, reason);
		}
	}

}
