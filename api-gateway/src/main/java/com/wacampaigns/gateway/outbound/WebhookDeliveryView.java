package com.wacampaigns.gateway.outbound;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One POST to an endpoint, as the delivery log shows it.
 *
 * @param status PENDING (to be tried, again or for the first time), DELIVERED (the
 * endpoint answered 2xx) or FAILED (given up)
 * @param nextAttemptAt when a PENDING delivery is tried next
 * @param giveUpAt when a PENDING delivery stops being retried
 * @param lastStatusCode the endpoint's last HTTP status, {@code null} when it did not
 * answer
 * @param payload the body as sent, only when one delivery is asked for
 */
record WebhookDeliveryView(UUID id, UUID endpointId, List<String> eventTypes, int eventCount, String status,
		int attempts, OffsetDateTime createdAt, OffsetDateTime nextAttemptAt, OffsetDateTime giveUpAt,
		OffsetDateTime lastAttemptAt, Integer lastStatusCode, String lastError, OffsetDateTime deliveredAt,
		@JsonInclude(JsonInclude.Include.NON_NULL) String payload) {

}
