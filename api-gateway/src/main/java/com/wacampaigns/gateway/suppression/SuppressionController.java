package com.wacampaigns.gateway.suppression;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

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

import com.wacampaigns.gateway.auth.Caller;
import com.wacampaigns.gateway.auth.UserAccounts;
import com.wacampaigns.gateway.phone.PhoneNumbers;
import com.wacampaigns.gateway.web.ApiException;
import com.wacampaigns.gateway.web.ApiException.FieldError;

/**
 * A user's suppression list. Admins may name another user with {@code user_id}. A number
 * added here stays suppressed whatever the recipient replies later; a removal here lifts
 * any suppression.
 */
@RestController
class SuppressionController {

	private final JdbcSuppressionRepository suppressions;

	private final UserAccounts users;

	private final PhoneNumbers phones;

	SuppressionController(JdbcSuppressionRepository suppressions, UserAccounts users, PhoneNumbers phones) {
		this.suppressions = suppressions;
		this.users = users;
		this.phones = phones;
	}

	@GetMapping("/suppressions")
	List<JdbcSuppressionRepository.Suppression> list(@AuthenticationPrincipal Jwt jwt,
			@RequestParam(name = "user_id", required = false) UUID userId,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
		return this.suppressions.page(owner(jwt, userId), page, size);
	}

	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping("/suppressions")
	ResponseEntity<JdbcSuppressionRepository.Suppression> add(@AuthenticationPrincipal Jwt jwt,
			@RequestParam(name = "user_id", required = false) UUID userId,
			@Valid @RequestBody SuppressionRequest request) {
		UUID owner = owner(jwt, userId);
		String phone = normalise(owner, request.phone());
		String reason = (request.reason() != null && !request.reason().isBlank()) ? request.reason() : "Added by hand";
		return ResponseEntity.created(URI.create("/suppressions/" + phone))
			.body(this.suppressions.add(owner, phone, reason));
	}

	@ResponseStatus(HttpStatus.NO_CONTENT)
	@DeleteMapping("/suppressions/{phone}")
	ResponseEntity<Void> remove(@AuthenticationPrincipal Jwt jwt,
			@RequestParam(name = "user_id", required = false) UUID userId, @PathVariable String phone) {
		UUID owner = owner(jwt, userId);
		if (!this.suppressions.remove(owner, normalise(owner, phone))) {
			throw ApiException.notFound(phone + " is not on the suppression list");
		}
		return ResponseEntity.noContent().build();
	}

	private UUID owner(Jwt jwt, UUID userId) {
		Caller caller = Caller.from(jwt);
		UUID owner = (userId != null) ? userId : caller.id();
		if (!caller.mayAccess(owner)) {
			throw ApiException.forbidden("user_id must be your own user id unless you are an admin");
		}
		return owner;
	}

	private String normalise(UUID owner, String phone) {
		String region = this.users.byId(owner).map(UserAccounts.UserAccount::defaultRegion).orElse("US");
		return this.phones.normalize(phone, region)
			.map(PhoneNumbers.Normalized::e164)
			.orElseThrow(() -> ApiException.invalid("Not a valid phone number",
					List.of(new FieldError("phone", phone, "not a valid phone number"))));
	}

	record SuppressionRequest(@NotBlank @Size(max = 40) String phone, @Size(max = 200) String reason) {

	}

}
