package com.wacampaigns.gateway.sender;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.wacampaigns.common.MessagingTier;
import com.wacampaigns.common.crypto.SecretCipher;
import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.auth.Caller;
import com.wacampaigns.gateway.sender.JdbcSenderRepository.SenderRow;
import com.wacampaigns.gateway.template.SyncOutcome;
import com.wacampaigns.gateway.template.TemplateSync;
import com.wacampaigns.gateway.web.ApiException;
import com.wacampaigns.gateway.web.ApiException.FieldError;

/**
 * The caller's WhatsApp connection, as the seed's connection panel shows it: connected;
 * or disconnected with the session kept (connect again without a token); or disconnected
 * after three connection failures with the token wiped (connect again with a token).
 */
@RestController
class SenderController {

	private static final Logger log = LoggerFactory.getLogger(SenderController.class);

	private final JdbcSenderRepository senders;

	private final GraphNumberCheck check;

	private final TemplateSync templates;

	private final SecretCipher cipher;

	private final SenderLimits limits;

	SenderController(JdbcSenderRepository senders, GraphNumberCheck check, TemplateSync templates, SenderLimits limits,
			GatewayProperties properties) {
		this.senders = senders;
		this.check = check;
		this.templates = templates;
		this.limits = limits;
		this.cipher = new SecretCipher(properties.tokenEncryptionKey());
	}

	@GetMapping("/whatsapp/status")
	ConnectionStatus status(@AuthenticationPrincipal Jwt jwt) {
		return this.senders.ofUser(Caller.from(jwt).id())
			.map(ConnectionStatus::of)
			.orElse(new ConnectionStatus("NOT_CONNECTED", 0, null, null, null, null, false, null, null, null, null,
					null, null, null, null));
	}

	/**
	 * Checks the number and token against the Cloud API, then stores the token encrypted
	 * and resets the failure count. Without {@code access_token}, the stored session is
	 * tried again. A number of a WhatsApp Business Account ({@code waba_id}, now or
	 * before) has the account's templates synced first; the answer says how that went. A
	 * failed sync leaves the number connected, but not linked to an account it newly
	 * names. Not one transaction: Meta is asked without a database connection held.
	 */
	@PostMapping("/whatsapp/connect")
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
		GraphNumberCheck.Checked checked = this.check.check(request.phoneNumberId(), token);
		if (checked.problem() != null) {
			throw ApiException.invalid(checked.problem(),
					List.of(new FieldError("access_token", null, checked.problem())));
		}
		String display = (request.displayPhoneNumber() != null) ? request.displayPhoneNumber()
				: (existing != null) ? existing.displayPhoneNumber() : request.phoneNumberId();
		int perSecond = (request.messagesPerSecond() != null) ? request.messagesPerSecond()
				: (existing != null) ? existing.messagesPerSecond() : 80;
		String wabaId = (request.wabaId() != null) ? request.wabaId() : (existing != null) ? existing.wabaId() : null;
		SyncOutcome sync = (wabaId != null) ? syncTemplates(wabaId, token) : null;
		// An account is taken on Meta's word only: its templates are listed only to a
		// token with access to it, so a number is linked to an account it names only
		// once that list was read with the number's own token.
		String linked = (sync instanceof SyncOutcome.Synced) ? wabaId : (existing != null) ? existing.wabaId() : null;
		if (!this.senders.connect(userId, request.phoneNumberId(), display, this.cipher.encrypt(token), perSecond,
				linked)) {
			throw ApiException.conflict("This WhatsApp number is connected by another user");
		}
		SenderRow connected = this.senders.byPhoneNumberId(request.phoneNumberId()).orElseThrow();
		// The portfolio is taken on Meta's word only, like the account: a number given
		// another business's portfolio would spend that business's messaging limit.
		String businessId = (linked != null && connected.businessId() == null)
				? this.check.portfolioOf(linked, token).orElse(null) : null;
		this.limits.store(connected, businessId, checked.limits());
		connected = this.senders.byPhoneNumberId(request.phoneNumberId()).orElseThrow();
		ConnectionStatus status = ConnectionStatus.of(connected);
		return (sync != null) ? status.with(sync) : status;
	}

	private SyncOutcome syncTemplates(String wabaId, String token) {
		try {
			return this.templates.sync(wabaId, token);
		}
		catch (RuntimeException ex) {
			log.warn("The templates of WhatsApp Business Account {} could not be stored", wabaId, ex);
			return new SyncOutcome.Failed(wabaId, "The templates could not be stored; they are synced again later");
		}
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

	/**
	 * @param wabaId the WhatsApp Business Account of the number, whose templates are then
	 * synced; optional (without it, the number sends local templates only)
	 */
	record ConnectRequest(@NotBlank @Size(max = 64) String phoneNumberId, @Size(max = 1024) String accessToken,
			@Size(max = 32) String displayPhoneNumber, @Min(1) @Max(1000) Integer messagesPerSecond,
			@Pattern(regexp = "[0-9]{1,32}",
					message = "digits, as Meta's WhatsApp Business Account ids are") String wabaId) {

		@Override
		public String toString() {
			return "ConnectRequest[" + this.phoneNumberId + "]";
		}

	}

	record DisconnectRequest(Boolean force) {

	}

	/**
	 * @param sessionPreserved a stored token exists, so connecting again needs no new one
	 * @param wabaId the number's WhatsApp Business Account, or {@code null}
	 * @param templatesSynced after a connection, the templates Meta listed for the
	 * account
	 * @param templateSyncError after a connection, why the account's templates could not
	 * be synced
	 * @param businessId the number's business portfolio, whose numbers share its
	 * messaging limit
	 * @param messagingTier the portfolio's messaging limit, as Meta names it
	 * ({@code TIER_2K})
	 * @param messagingLimit the unique users the portfolio may reach in a moving 24
	 * hours, {@code -1} for no limit, {@code null} before Meta said
	 * @param qualityRating Meta's GREEN, YELLOW, RED or UNKNOWN
	 * @param throughputLevel STANDARD (80 messages a second) or HIGH (1,000)
	 */
	record ConnectionStatus(String status, @JsonProperty("connectionFailureCount") int connectionFailureCount,
			@JsonProperty("lastConnectionFailure") OffsetDateTime lastConnectionFailure, String phoneNumberId,
			String displayPhoneNumber, Integer messagesPerSecond, boolean sessionPreserved, String wabaId,
			@JsonInclude(JsonInclude.Include.NON_NULL) Integer templatesSynced,
			@JsonInclude(JsonInclude.Include.NON_NULL) String templateSyncError, String businessId,
			String messagingTier, Integer messagingLimit, String qualityRating, String throughputLevel) {

		static ConnectionStatus of(SenderRow sender) {
			Integer limit = MessagingTier.parse(sender.messagingTier())
				.map(MessagingTier::uniqueRecipients)
				.orElse(null);
			return new ConnectionStatus(sender.status(), sender.connectionFailureCount(),
					sender.lastConnectionFailure(), sender.phoneNumberId(), sender.displayPhoneNumber(),
					sender.messagesPerSecond(), sender.accessTokenEncrypted() != null, sender.wabaId(), null, null,
					sender.businessId(), sender.messagingTier(), limit, sender.qualityRating(),
					sender.throughputLevel());
		}

		/** This status with what the sync of the account's templates did. */
		ConnectionStatus with(SyncOutcome sync) {
			Integer synced = null;
			String error = null;
			switch (sync) {
				case SyncOutcome.Synced done -> synced = done.listed();
				case SyncOutcome.Failed failed -> error = failed.problem();
			}
			return new ConnectionStatus(this.status, this.connectionFailureCount, this.lastConnectionFailure,
					this.phoneNumberId, this.displayPhoneNumber, this.messagesPerSecond, this.sessionPreserved,
					this.wabaId, synced, error, this.businessId, this.messagingTier, this.messagingLimit,
					this.qualityRating, this.throughputLevel);
		}

	}

}
