package com.wacampaigns.gateway.sender;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.wacampaigns.common.crypto.SecretCipher;
import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.auth.Caller;
import com.wacampaigns.gateway.sender.JdbcSenderRepository.SenderRow;
import com.wacampaigns.gateway.web.ApiException;
import com.wacampaigns.gateway.web.ApiException.FieldError;

/**
 * The caller's WhatsApp connection, as the seed's connection panel shows it: connected;
 * or disconnected with the session kept (connect again without a token); or disconnected
 * after three connection failures with the token wiped (connect again with a token).
 */
@RestController
class SenderController {

	private final JdbcSenderRepository senders;

	private final GraphNumberCheck check;

	private final SecretCipher cipher;

	SenderController(JdbcSenderRepository senders, GraphNumberCheck check, GatewayProperties properties) {
		this.senders = senders;
		this.check = check;
		this.cipher = new SecretCipher(properties.tokenEncryptionKey());
	}

	@GetMapping("/whatsapp/status")
	ConnectionStatus status(@AuthenticationPrincipal Jwt jwt) {
		return this.senders.ofUser(Caller.from(jwt).id())
			.map(ConnectionStatus::of)
			.orElse(new ConnectionStatus("NOT_CONNECTED", 0, null, null, null, null, false));
	}

	/**
	 * Checks the number and token against the Cloud API, then stores the token encrypted
	 * and resets the failure count. Without {@code access_token}, the stored session is
	 * tried again.
	 */
	@PostMapping("/whatsapp/connect")
	@Transactional
	ConnectionStatus connect(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody ConnectRequest request) {
		UUID userId = Caller.from(jwt).id();
		SenderRow existing = this.senders.byPhoneNumberId(request.phoneNumberId()).orElse(null);
		if (existing != null && !existing.userId().equals(userId)) {
			throw ApiException.conflict("This WhatsApp number is connected by another user");
		}
		String token = request.accessToken();
		if (token == null || token.isBlank()) {
			if (existing == null || existing.accessTokenEncrypted() == null) {
				throw ApiException.invalid("The session has expired", List.of(new FieldError("access_token", null,
						"required: the stored session was cleared after repeated connection failures")));
			}
			token = this.cipher.decrypt(existing.accessTokenEncrypted());
		}
		this.check.problemWith(request.phoneNumberId(), token).ifPresent((problem) -> {
			throw ApiException.invalid(problem, List.of(new FieldError("access_token", null, problem)));
		});
		String display = (request.displayPhoneNumber() != null) ? request.displayPhoneNumber()
				: (existing != null) ? existing.displayPhoneNumber() : request.phoneNumberId();
		int perSecond = (request.messagesPerSecond() != null) ? request.messagesPerSecond()
				: (existing != null) ? existing.messagesPerSecond() : 80;
		this.senders.connect(userId, request.phoneNumberId(), display, this.cipher.encrypt(token), perSecond);
		return status(jwt);
	}

	/**
	 * Disconnects the caller's number and pauses its running campaigns; the stored
	 * session is kept unless {@code {"force": true}}.
	 */
	@DeleteMapping("/whatsapp/disconnect")
	@Transactional
	ConnectionStatus disconnect(@AuthenticationPrincipal Jwt jwt,
			@RequestBody(required = false) DisconnectRequest request) {
		SenderRow sender = this.senders.ofUser(Caller.from(jwt).id())
			.orElseThrow(() -> ApiException.notFound("No WhatsApp number is connected"));
		boolean force = request != null && Boolean.TRUE.equals(request.force());
		this.senders.disconnect(sender.id(), force);
		this.senders.pauseCampaigns(sender.id(), "WhatsApp number disconnected by its owner");
		return status(jwt);
	}

	record ConnectRequest(@NotBlank @Size(max = 64) String phoneNumberId, @Size(max = 1024) String accessToken,
			@Size(max = 32) String displayPhoneNumber, @Min(1) @Max(1000) Integer messagesPerSecond) {

		@Override
		public String toString() {
			return "ConnectRequest[" + this.phoneNumberId + "]";
		}

	}

	record DisconnectRequest(Boolean force) {

	}

	/**
	 * @param sessionPreserved a stored token exists, so connecting again needs no new one
	 */
	record ConnectionStatus(String status, @JsonProperty("connectionFailureCount") int connectionFailureCount,
			@JsonProperty("lastConnectionFailure") OffsetDateTime lastConnectionFailure, String phoneNumberId,
			String displayPhoneNumber, Integer messagesPerSecond, boolean sessionPreserved) {

		static ConnectionStatus of(SenderRow sender) {
			return new ConnectionStatus(sender.status(), sender.connectionFailureCount(),
					sender.lastConnectionFailure(), sender.phoneNumberId(), sender.displayPhoneNumber(),
					sender.messagesPerSecond(), sender.accessTokenEncrypted() != null);
		}

	}

}
