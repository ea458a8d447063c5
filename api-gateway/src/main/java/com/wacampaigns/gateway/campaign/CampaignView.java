package com.wacampaigns.gateway.campaign;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A campaign as the API shows it, with its counters and progress.
 *
 * @param skipped recipients on the user's suppression list, never sent
 * @param progress the share of recipients no longer pending, in percent
 */
record CampaignView(UUID id, UUID userId, long templateId, UUID senderId, String name, String description,
		String status, String statusReason, int totalRecipients, int sent, int delivered, int read, int failed,
		int pending, int skipped, double progress, int rateLimit, int maxWorkers, OffsetDateTime scheduledAt,
		OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime startedAt, OffsetDateTime completedAt) {

}
