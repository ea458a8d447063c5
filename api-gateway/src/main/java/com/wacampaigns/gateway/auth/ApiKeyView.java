package com.wacampaigns.gateway.auth;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An API key as the API shows it: never its secret, but once, in the answer to its
 * creation ({@code key}).
 *
 * @param prefix the key's first characters, which name it ({@code wak_3f9k2m7q})
 * @param allowedNetworks the client networks (CIDR) it may be used from, {@code null} for
 * any
 * @param key the whole key, only in the answer to {@code POST /api-keys}
 */
record ApiKeyView(UUID id, UUID userId, String username, String name, String prefix, List<String> scopes,
		List<String> allowedNetworks, OffsetDateTime expiresAt, OffsetDateTime createdAt, OffsetDateTime lastUsedAt,
		@JsonInclude(JsonInclude.Include.NON_NULL) String key) {

	ApiKeyView withKey(String key) {
		return new ApiKeyView(this.id, this.userId, this.username, this.name, this.prefix, this.scopes,
				this.allowedNetworks, this.expiresAt, this.createdAt, this.lastUsedAt, key);
	}

}
