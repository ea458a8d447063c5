package com.wacampaigns.gateway.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Authenticates a request by its API key. The key becomes what the controllers already
 * read: a {@link Jwt} principal whose subject is the key's user, with the role USER
 * (never ADMIN) and the key's id and scopes as claims, so that every endpoint treats a
 * key as its user and {@link ApiKeyScopeFilter} can hold it to its scopes.
 */
final class ApiKeyAuthentication {

	static final String KEY_ID_CLAIM = "api_key_id";

	static final String SCOPES_CLAIM = "api_key_scopes";

	private ApiKeyAuthentication() {
	}

	/** Checks the key against its row, from the client address given. */
	static AuthenticationManager manager(ApiKeys keys, String clientAddress) {
		return (authentication) -> {
			String token = ((BearerTokenAuthenticationToken) authentication).getToken();
			ApiKeys.Checked checked = keys.check(token, clientAddress);
			if (checked.refusal() != null) {
				throw new InvalidBearerTokenException(checked.refusal());
			}
			Instant now = Instant.now();
			Jwt principal = Jwt.withTokenValue(token)
				.header("alg", "none")
				.subject(checked.key().userId().toString())
				.claim(Caller.ROLES_CLAIM, List.of("USER"))
				.claim(KEY_ID_CLAIM, checked.key().id().toString())
				.claim(SCOPES_CLAIM, checked.key().scopes())
				.issuedAt(now)
				.expiresAt(now.plusSeconds(60))
				.build();
			return new JwtAuthenticationToken(principal, AuthorityUtils.createAuthorityList("ROLE_USER"));
		};
	}

	/** The key behind a principal, if a key authenticated it. */
	static Optional<KeyHolder> keyOf(Jwt principal) {
		String id = principal.getClaimAsString(KEY_ID_CLAIM);
		return (id != null)
				? Optional.of(new KeyHolder(UUID.fromString(id), principal.getClaimAsStringList(SCOPES_CLAIM)))
				: Optional.empty();
	}

	record KeyHolder(UUID id, List<String> scopes) {

	}

}
