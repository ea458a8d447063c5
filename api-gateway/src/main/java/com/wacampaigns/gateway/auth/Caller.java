package com.wacampaigns.gateway.auth;

import java.util.List;
import java.util.UUID;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, from the validated token: {@code sub} is the user id, {@code roles}
 * holds USER and/or ADMIN.
 */
public record Caller(UUID id, boolean admin) {

	public static final String ROLES_CLAIM = "roles";

	public static Caller from(Jwt jwt) {
		List<String> roles = jwt.getClaimAsStringList(ROLES_CLAIM);
		return new Caller(UUID.fromString(jwt.getSubject()), roles != null && roles.contains("ADMIN"));
	}

	/** Whether this caller may see and act on something that belongs to {@code owner}. */
	public boolean mayAccess(UUID owner) {
		return this.admin || this.id.equals(owner);
	}

}
