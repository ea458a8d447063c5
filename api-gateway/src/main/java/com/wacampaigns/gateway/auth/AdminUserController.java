package com.wacampaigns.gateway.auth;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.wacampaigns.gateway.web.ApiException;

/**
 * Admins create users (every {@code /admin/**} path needs the ADMIN role).
 */
@RestController
class AdminUserController {

	private final UserAccounts users;

	private final PasswordEncoder passwords;

	AdminUserController(UserAccounts users, PasswordEncoder passwords) {
		this.users = users;
		this.passwords = passwords;
	}

	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping("/admin/users")
	ResponseEntity<NewUser> create(@Valid @RequestBody UserRequest request) {
		UUID id = UUID.randomUUID();
		boolean created = this.users.create(id, request.username(), this.passwords.encode(request.password()),
				request.roles().stream().map(String::toUpperCase).toList(),
				(request.defaultRegion() != null) ? request.defaultRegion().toUpperCase() : "US");
		if (!created) {
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
