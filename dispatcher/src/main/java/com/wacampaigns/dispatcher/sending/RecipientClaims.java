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

	/**
	 * Recipients are found by primary key only: a condition on {@code campaign_id} would
	 * let the planner walk every PENDING row of the campaign through the
	 * {@code (campaign_id, status)} index, once per chunk. The campaign's state is read
	 * once, as a constant.
	 */
	private static final String CLAIM = """
			UPDATE campaign_recipients
			SET status = 'SENDING'
			WHERE id = ANY(:ids::uuid[])
			  AND status = 'PENDING'
			  AND (SELECT status FROM campaigns WHERE id = :campaignId) = 'RUNNING'
			RETURNING id
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
