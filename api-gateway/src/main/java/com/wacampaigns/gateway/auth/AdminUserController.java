package com.wacampaigns.gateway.auth;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.wacampaigns.gateway.web.ApiException;

/**
 * Admins create users (every {@code /admin/**} path needs the ADMIN role).
 */
@RestController
class AdminUserController {

	private static final String INSERT = """
			INSERT INTO users (id, username, password_hash, roles, default_region)
			VALUES (:id, :username, :hash, :roles::text[], :region)
			ON CONFLICT (username) DO NOTHING
			""";

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	AdminUserController(JdbcClient jdbc, PasswordEncoder passwords) {
		this.jdbc = jdbc;
		this.passwords = passwords;
	}

	@PostMapping("/admin/users")
	ResponseEntity<NewUser> create(@Valid @RequestBody UserRequest request) {
		UUID id = UUID.randomUUID();
		int created = this.jdbc.sql(INSERT)
			.param("id", id)
			.param("username", request.username())
			.param("hash", this.passwords.encode(request.password()))
			.param("roles", request.roles().stream().map(String::toUpperCase).toArray(String[]::new))
			.param("region", (request.defaultRegion() != null) ? request.defaultRegion().toUpperCase() : "US")
			.update();
		if (created == 0) {
			throw ApiException.conflict("The username " + request.username() + " is taken");
		}
		return ResponseEntity.created(URI.create("/admin/users/" + id))
			.body(new NewUser(id, request.username(), request.roles().stream().map(String::toUpperCase).toList()));
	}

	record UserRequest(@NotBlank @Size(max = 100) String username, @NotBlank @Size(min = 8, max = 200) String password,
			@NotEmpty List<@Pattern(regexp = "(?i)USER|ADMIN") String> roles,
			@Pattern(regexp = "[A-Za-z]{2}") String defaultRegion) {

		@Override
		public String toString() {
			return "UserRequest[" + this.username + ", " + this.roles + "]";
		}

	}

	record NewUser(UUID id, String username, List<String> roles) {

	}

}
