package com.wacampaigns.gateway.auth;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api-keys}: {@code {"name": "shop backend", "scopes": ["campaigns:write"],
 * "expires_at": "2027-01-01T00:00:00Z", "allowed_networks": ["203.0.113.0/24"]}}.
 *
 * @param expiresAt when it stops working, or {@code null} for never
 * @param allowedNetworks the client addresses or networks (CIDR) it may be used from, or
 * {@code null} for any
 */
record NewApiKey(@NotBlank @Size(max = 100) String name, @NotEmpty @Size(max = 20) List<@NotNull String> scopes,
		OffsetDateTime expiresAt, @Size(max = 20) List<@NotBlank String> allowedNetworks) {

}
