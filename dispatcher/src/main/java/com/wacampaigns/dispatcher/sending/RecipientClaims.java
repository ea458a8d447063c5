package com.wacampaigns.dispatcher.sending;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The dispatcher's only write: {@code PENDING → SENDING}, before the send. A recipient
 * that is not PENDING (already claimed by an earlier delivery of the same record,
 * skipped, cancelled) or whose campaign is not RUNNING (paused, stopped) is not claimed,
 * and so never sent.
 */
@Repository
class RecipientClaims {

	private static final String CLAIM = """
			UPDATE campaign_recipients r
			SET status = 'SENDING'
			FROM campaigns c
			WHERE r.id = ANY(:ids::uuid[])
			  AND r.campaign_id = :campaignId
			  AND r.status = 'PENDING'
			  AND c.id = r.campaign_id
			  AND c.status = 'RUNNING'
			RETURNING r.id
			""";

	private final JdbcClient jdbc;

	RecipientClaims(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims what it can of {@code recipientIds} in one statement and returns those ids.
	 */
	Set<UUID> claim(UUID campaignId, List<UUID> recipientIds) {
		return new HashSet<>(this.jdbc.sql(CLAIM)
			.param("ids", recipientIds.stream().map(UUID::toString).toArray(String[]::new))
			.param("campaignId", campaignId)
			.query(UUID.class)
			.list());
	}

}
