package com.wacampaigns.gateway.template;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What a template's status does to the campaigns that send it. The claim of every
 * recipient requires its campaign to be RUNNING, so a paused campaign sends nothing more
 * from the next claim on; the history records each change with Meta's reason (the
 * campaigns' status trigger).
 */
@Repository
class JdbcTemplateCampaigns {

	private static final String PAUSE = """
			UPDATE campaigns
			SET status = 'PAUSED', status_reason = :reason, paused_for_template = true, updated_at = now()
			WHERE template_id = :templateId AND status IN ('RUNNING', 'SCHEDULED')
			""";

	/**
	 * Back to where a resume goes: COMPLETED with nothing pending, SCHEDULED before its
	 * time, RUNNING after; only with a connected number, as a resume by hand requires. As
	 * a resume by hand does, the feed starts again just before the first recipient still
	 * PENDING: those the dispatcher handed back when Meta refused the paused template are
	 * sent at once, not after the feeder's tail sweep.
	 */
	private static final String RESUME = """
			UPDATE campaigns c
			SET status = CASE WHEN c.pending = 0 THEN 'COMPLETED'
			                  WHEN c.scheduled_at > now() THEN 'SCHEDULED' ELSE 'RUNNING' END,
			    completed_at = CASE WHEN c.pending = 0 THEN now() END,
			    feed_cursor = resume_cursor(c.id, c.feed_cursor),
			    fed_at = NULL,
			    status_reason = :reason, paused_for_template = false, updated_at = now()
			WHERE c.template_id = :templateId AND c.status = 'PAUSED' AND c.paused_for_template
			  AND c.resume_when_template_reinstated
			  AND EXISTS (SELECT 1 FROM senders s WHERE s.id = c.sender_id AND s.status = 'CONNECTED')
			""";

	/**
	 * News that changes no status, in the history of each campaign still to run or
	 * running on the template.
	 */
	private static final String NOTE = """
			INSERT INTO campaign_history (campaign_id, action, from_status, to_status, reason)
			SELECT id, :action, status, status, :reason
			FROM campaigns
			WHERE template_id = :templateId AND status IN ('DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED')
			""";

	private final JdbcClient jdbc;

	JdbcTemplateCampaigns(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @return campaigns paused
	 */
	int pause(long templateId, String reason) {
		return this.jdbc.sql(PAUSE).param("templateId", templateId).param("reason", reason).update();
	}

	/**
	 * @return campaigns whose history has the note
	 */
	int note(long templateId, String action, String reason) {
		return this.jdbc.sql(NOTE)
			.param("templateId", templateId)
			.param("action", action)
			.param("reason", reason)
			.update();
	}

	/**
	 * @return campaigns resumed
	 */
	int resume(long templateId, String reason) {
		return this.jdbc.sql(RESUME).param("templateId", templateId).param("reason", reason).update();
	}

}
