package com.wacampaigns.gateway.campaign;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;

import com.wacampaigns.common.CampaignAction;
import com.wacampaigns.common.CampaignStatus;
import com.wacampaigns.gateway.phone.QuietHours;

/**
 * A campaign as the API shows it, with its counters and progress.
 *
 * @param skipped recipients on the user's suppression list, never sent
 * @param unknown recipients whose send had no known outcome within the reconciler's quiet
 * period, reported FAILED ("outcome unknown") and counted in {@code failed} too
 * @param progress the share of recipients no longer pending, in percent
 * @param templateValues where template variables come from when a recipient has no value
 * of its own: {@code {"header_image_url": {"value": "https://..."}}} or
 * {@code {"first_name": {"field": "name"}}}
 * @param resumeWhenTemplateReinstated whether the campaign resumes by itself when Meta
 * reinstates the template whose pause paused it
 * @param waitingReason why a RUNNING campaign sends nothing for now (its portfolio's
 * messaging limit is used up), or {@code null}
 * @param waitingUntil when it goes on by itself, or {@code null}
 * @param quietHours hours of the recipient's own day in which nothing is sent (JSON
 * {@code {"from": "21:00:00", "until": "09:00:00"}}), or {@code null}
 * @param allowedActions what its status allows (JSON {@code allowed_actions}, in the
 * words of the API: {@code ["pause", "stop", "cancel", "retry-failed"]} when RUNNING), so
 * that clients need not restate the life cycle
 */
record CampaignView(UUID id, UUID userId, long templateId, UUID senderId, String name, String description,
		CampaignStatus status, String statusReason, int totalRecipients, int sent, int delivered, int read, int failed,
		int pending, int skipped, int unknown, double progress, int rateLimit, int maxWorkers,
		OffsetDateTime scheduledAt, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime startedAt,
		OffsetDateTime completedAt, @JsonRawValue String templateValues, boolean resumeWhenTemplateReinstated,
		String waitingReason, OffsetDateTime waitingUntil, QuietHours quietHours, List<CampaignAction> allowedActions) {

}
