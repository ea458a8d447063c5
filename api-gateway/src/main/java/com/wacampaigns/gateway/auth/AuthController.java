package com.wacampaigns.gateway.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.web.ApiException;

/**
 * Issues access tokens for username and password, throttling failed logins per user name
 * and per client address ({@link LoginThrottle}).
 */
@RestController
class AuthController {

	private final UserAccounts users;

	private final PasswordEncoder passwords;

	private final JwtEncoder encoder;

	private final GatewayProperties.Jwt settings;

	private final LoginThrottle throttle;

	private final Clock clock = Clock.systemUTC();

	/** Compared against when the user does not exist, so that both cases take as long. */
	private final String unknownUserHash;

	AuthController(UserAccounts users, PasswordEncoder passwords, JwtEncoder encoder, GatewayProperties properties,
			LoginThrottle throttle) {
		this.users = users;
		this.passwords = passwords;
		this.encoder = encoder;
		this.settings = properties.jwt();
		this.throttle = throttle;
		this.unknownUserHash = passwords.encode(UUID.randomUUID().toString());
	}

	@PostMapping("/auth/token")
	TokenResponse token(@Valid @RequestBody TokenRequest request, HttpServletRequest http) {
		if (!this.settings.issuesTokens()) {
			throw ApiException.notFound("This gateway issues no tokens: sign in with the identity provider ("
					+ this.settings.issuer() + ")");
		}
		// The connection's address. Behind a proxy that is the proxy's, unless Tomcat's
		// RemoteIpValve (server.forward-headers-strategy=native, the proxy listed in
		// server.tomcat.remoteip.internal-proxies) takes it from X-Forwarded-For; the
		// header itself is not trusted here, as any client can send one.
		String address = http.getRemoteAddr();
		// Before the password hash, the expensive part, is computed.
		this.throttle.attempt(request.username(), address);
		var account = this.users.byUsername(request.username());
		String hash = account.map(UserAccounts.UserAccount::passwordHash).orElse(this.unknownUserHash);
		if (!this.passwords.matches(request.password(), hash) || account.isEmpty()) {
			throw ApiException.unauthorized("Invalid username or password");
		}
		this.throttle.succeeded(request.username(), address);
		Instant now = this.clock.instant();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.settings.issuer())
			.audience(List.of(this.settings.audience()))
			.subject(account.get().id().toString())
			.claim("preferred_username", account.get().username())
			.claim(Caller.ROLES_CLAIM, account.get().roles())
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(this.settings.lifetime()))
			.build();
		String token = this.encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
		return new TokenResponse(token, "Bearer", this.settings.lifetime().toSeconds());
	}

	/**
	 * @param username at most 200 characters (accounts have at most 100), which bounds
	 * the throttle's memory
	 */
	record TokenRequest(@NotBlank @Size(max = 200) String username, @NotBlank String password) {

		@Override
		public String toString() {
			return "TokenRequest[" + this.username + "]";
		}

	}

	record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
			@JsonProperty("expires_in") long expiresIn) {

	}

}
