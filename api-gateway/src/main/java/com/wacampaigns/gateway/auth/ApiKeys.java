package com.wacampaigns.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.wacampaigns.gateway.web.ApiException;
import com.wacampaigns.gateway.web.ApiException.FieldError;

/**
 * Server-to-server API keys: {@code wak_<prefix>_<secret>}, 256 random bits shown once;
 * only their SHA-256 is kept. A key acts as its user (never as an admin) with only its
 * scopes ({@link ApiScope}), from the networks it names if it names any, until it expires
 * or is revoked; revoking takes effect at the next request, since every request reads the
 * key's row.
 */
@Service
public class ApiKeys {

	static final String MARK = "wak_";

	private static final int PREFIX_BYTES = 6;

	private static final int SECRET_BYTES = 32;

	private final SecureRandom random = new SecureRandom();

	private final JdbcApiKeys repository;

	ApiKeys(JdbcApiKeys repository) {
		this.repository = repository;
	}

	/** Whether a bearer token is an API key rather than a JWT. */
	static boolean isKey(String token) {
		return token != null && token.startsWith(MARK);
	}

	@Transactional
	ApiKeyView create(Caller caller, NewApiKey request) {
		List<FieldError> errors = new ArrayList<>();
		List<String> scopes = request.scopes().stream().distinct().toList();
		for (int i = 0; i < scopes.size(); i++) {
			if (ApiScope.ofWord(scopes.get(i)).isEmpty()) {
				errors.add(new FieldError("scopes[" + i + "]", scopes.get(i), "not a scope; the scopes are "
						+ List.of(ApiScope.values()).stream().map(ApiScope::word).toList()));
			}
		}
		if (request.expiresAt() != null && !request.expiresAt().isAfter(OffsetDateTime.now())) {
			errors.add(new FieldError("expires_at", request.expiresAt(), "must be in the future"));
		}
		List<String> networks = request.allowedNetworks();
		if (networks != null) {
			for (int i = 0; i < networks.size(); i++) {
				if (!isNetwork(networks.get(i))) {
					errors.add(new FieldError("allowed_networks[" + i + "]", networks.get(i),
							"not an address or a network such as 203.0.113.0/24 or 2001:db8::/32"));
				}
			}
		}
		if (!errors.isEmpty()) {
			throw ApiException.invalid("The API key cannot be made as asked", errors);
		}
		String prefix = MARK + base64(PREFIX_BYTES);
		String key = prefix + "_" + base64(SECRET_BYTES);
		UUID id = UUID.randomUUID();
		this.repository.insert(id, caller.id(), request.name(), prefix, sha256(key), scopes,
				(networks != null && !networks.isEmpty()) ? networks : null, request.expiresAt());
		return this.repository.find(id).orElseThrow().withKey(key);
	}

	/** A user's own keys; an admin may ask for anyone's ({@code userId}) or all. */
	List<ApiKeyView> list(Caller caller, UUID userId) {
		if (!caller.admin() && userId != null && !userId.equals(caller.id())) {
			throw ApiException.forbidden("You may list only your own API keys");
		}
		return this.repository.list(caller.admin() ? userId : caller.id());
	}

	void revoke(Caller caller, UUID id) {
		if (!this.repository.revoke(id, caller.admin() ? null : caller.id())) {
			throw ApiException.notFound("No API key " + id);
		}
	}

	/**
	 * The key a request presents, if it is a live one for that client address: its row,
	 * or why not.
	 */
	Checked check(String key, String clientAddress) {
		String[] parts = key.split("_");
		if (parts.length != 3) {
			return Checked.refused("Not an API key");
		}
		Optional<JdbcApiKeys.StoredKey> found = this.repository.byPrefix(MARK + parts[1]);
		if (found.isEmpty() || !MessageDigest.isEqual(found.get().secretHash(), sha256(key))) {
			return Checked.refused("Unknown API key");
		}
		JdbcApiKeys.StoredKey stored = found.get();
		if (stored.revoked()) {
			return Checked.refused("This API key was revoked");
		}
		if (stored.expiresAt() != null && !stored.expiresAt().isAfter(OffsetDateTime.now())) {
			return Checked.refused("This API key expired at " + stored.expiresAt());
		}
		if (stored.networks() != null && stored.networks()
			.stream()
			.noneMatch((network) -> new IpAddressMatcher(network).matches(clientAddress))) {
			return Checked.refused("This API key may not be used from " + clientAddress);
		}
		if (stored.useDue()) {
			this.repository.used(stored.id());
		}
		return new Checked(stored, null);
	}

	private String base64(int bytes) {
		byte[] random = new byte[bytes];
		this.random.nextBytes(random);
		// Without '-' and '_': the key's parts are split on '_'.
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random).replace('-', 'x').replace('_', 'y');
	}

	private static boolean isNetwork(String network) {
		try {
			new IpAddressMatcher(network);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

	/**
	 * @param refusal why the key is refused, or {@code null} when it is good
	 */
	record Checked(JdbcApiKeys.StoredKey key, String refusal) {

		static Checked refused(String reason) {
			return new Checked(null, reason);
		}

	}

}
