package com.wacampaigns.gateway.outbound;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A webhook endpoint as the API shows it: never its secret, but once, in the answer to
 * its creation or to a new secret ({@code secret}).
 *
 * @param status ENABLED, or DISABLED by its user or after failing for too long
 * @param disabledReason why it was disabled, when it is
 * @param failingSince since when every attempt to it has failed, or {@code null}
 * @param secret the signing secret, only in the answer that made it
 */
record WebhookEndpointView(UUID id, UUID userId, String url, String description, List<String> events, String status,
		String disabledReason, OffsetDateTime disabledAt, OffsetDateTime failingSince, OffsetDateTime createdAt,
		OffsetDateTime updatedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

	WebhookEndpointView withSecret(String secret) {
		return new WebhookEndpointView(this.id, this.userId, this.url, this.description, this.events, this.status,
				this.disabledReason, this.disabledAt, this.failingSince, this.createdAt, this.updatedAt, secret);
	}

}
