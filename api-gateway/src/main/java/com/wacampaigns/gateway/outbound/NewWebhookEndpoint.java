package com.wacampaigns.gateway.outbound;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /webhooks/endpoints}: {@code {"url": "https://crm.example.com/wa",
 * "events": ["message.status", "contact.opted_out"], "description": "CRM"}}.
 */
record NewWebhookEndpoint(@NotBlank @Size(max = 2000) String url,
		@NotEmpty @Size(max = 20) List<@NotNull String> events, @Size(max = 200) String description) {

}
