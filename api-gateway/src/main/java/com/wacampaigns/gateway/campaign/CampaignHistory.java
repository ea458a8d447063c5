package com.wacampaigns.gateway.campaign;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The status changes of a campaign, with who made each and why. A database trigger writes
 * them on every change (see changeset 005), whoever makes it; {@link #actAs} tells it,
 * for the current transaction, which person and action it is.
 */
@Repository
class CampaignHistory {

	private static final String ACT_AS = """
			SELECT set_config('wa.actor_id', :actor, true), set_config('wa.action', :action, true),
			       set_config('wa.reason', :reason, true)
			""";

	private static final String OF_CAMPAIGN = """
			SELECT h.at, h.actor_id, u.username AS actor_name, h.action, h.from_status, h.to_status, h.reason
			FROM campaign_history h
			LEFT JOIN users u ON u.id = h.actor_id
			WHERE h.campaign_id = :id
			ORDER BY h.at, h.id
			""";

	private final JdbcClient jdbc;

	CampaignHistory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Must run in the transaction that makes the change. */
	void actAs(UUID actor, String action, String reason) {
		this.jdbc.sql(ACT_AS)
			.param("actor", actor.toString())
			.param("action", action)
			.param("reason", (reason != null) ? reason : "")
			.query((rs, row) -> row)
			.list();
	}

	List<Entry> of(UUID campaignId) {
		return this.jdbc.sql(OF_CAMPAIGN)
			.param("id", campaignId)
			.query((rs, row) -> new Entry(rs.getObject("at", OffsetDateTime.class),
					rs.getObject("actor_id", UUID.class), rs.getString("actor_name"), rs.getString("action"),
					rs.getString("from_status"), rs.getString("to_status"), rs.getString("reason")))
			.list();
	}

	/**
	 * @param actorId who made the change, or {@code null} when the system did (a sender's
	 * trouble, the last recipient settled)
	 */
	record Entry(OffsetDateTime at, UUID actorId, String actorName, String action, String fromStatus, String toStatus,
			String reason) {

	}

}
