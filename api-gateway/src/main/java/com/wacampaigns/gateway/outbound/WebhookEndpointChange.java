package com.wacampaigns.gateway.outbound;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /webhooks/endpoints/{id}}: what to change; what is left out stays.
 *
 * @param enabled {@code true} enables an endpoint again (also one disabled for failing),
 * {@code false} disables it
 */
record WebhookEndpointChange(@Size(min = 1, max = 2000) String url,
		@Size(min = 1, max = 20) List<@NotNull String> events, @Size(max = 200) String description, Boolean enabled) {

}
