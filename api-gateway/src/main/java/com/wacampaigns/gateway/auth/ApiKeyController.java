package com.wacampaigns.gateway.auth;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's API keys, managed with a signed-in user's token (a key cannot make keys).
 * Admins list and revoke anyone's, at {@code /admin/api-keys}.
 */
@RestController
class ApiKeyController {

	private final ApiKeys keys;

	ApiKeyController(ApiKeys keys) {
		this.keys = keys;
	}

	/** The new key, with its secret ({@code key}) this once. */
	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping("/api-keys")
	ResponseEntity<ApiKeyView> create(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody NewApiKey request) {
		ApiKeyView created = this.keys.create(Caller.from(jwt), request);
		return ResponseEntity.created(URI.create("/api-keys/" + created.id())).body(created);
	}

	@GetMapping("/api-keys")
	List<ApiKeyView> list(@AuthenticationPrincipal Jwt jwt) {
		Caller caller = Caller.from(jwt);
		return this.keys.list(new Caller(caller.id(), false), caller.id());
	}

	@ResponseStatus(HttpStatus.NO_CONTENT)
	@DeleteMapping("/api-keys/{id}")
	ResponseEntity<Void> revoke(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		Caller caller = Caller.from(jwt);
		this.keys.revoke(new Caller(caller.id(), false), id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/admin/api-keys")
	List<ApiKeyView> everyones(@AuthenticationPrincipal Jwt jwt,
			@RequestParam(name = "user_id", required = false) UUID userId) {
		return this.keys.list(Caller.from(jwt), userId);
	}

	@ResponseStatus(HttpStatus.NO_CONTENT)
	@DeleteMapping("/admin/api-keys/{id}")
	ResponseEntity<Void> revokeAnyones(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
		this.keys.revoke(Caller.from(jwt), id);
		return ResponseEntity.noContent().build();
	}

}
