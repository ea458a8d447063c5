package com.wacampaigns.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the api-gateway. Secrets have no defaults: a gateway without them does not
 * start.
 *
 * @param jwt the tokens this gateway issues and accepts
 * @param webhook Meta's webhook secrets
 * @param tokenEncryptionKey the base64 AES-256 key that senders' access tokens are stored
 * with
 * @param feed how campaigns are fed to {@code campaign.dispatch}
 * @param optOut the replies that opt a number out of, or back into, campaigns
 * @param graph the WhatsApp Cloud API, where connected numbers are checked
 * @param csv limits of recipient imports
 * @param dispatchPartitions partitions of {@code campaign.dispatch} when this app creates
 * it
 * @param statusPartitions partitions of {@code whatsapp.status} when this app creates it
 * @param bootstrapAdmin the first admin of a fresh deployment
 */
@ConfigurationProperties("gateway")
@Validated
public record GatewayProperties(@Valid Jwt jwt, @Valid Webhook webhook, @NotBlank String tokenEncryptionKey,
		@Valid @DefaultValue Feed feed, @Valid @DefaultValue OptOut optOut, @Valid @DefaultValue Graph graph,
		@Valid @DefaultValue Csv csv, @DefaultValue("8") @Min(1) int dispatchPartitions,
		@DefaultValue("8") @Min(1) int statusPartitions, @Valid @DefaultValue BootstrapAdmin bootstrapAdmin) {

	/**
	 * The admin created at startup when the password is set (a fresh deployment needs
	 * one).
	 *
	 * @param username the admin's username
	 * @param password the admin's password; none by default, and then no admin is made
	 */
	public record BootstrapAdmin(@DefaultValue("admin") String username, String password) {

		@Override
		public String toString() {
			return "BootstrapAdmin[" + this.username + "]";
		}

	}

	/**
	 * Tokens: issued here and signed with {@code secret} (HS256), or, when
	 * {@code jwksUri} is set, issued by an external identity provider and checked against
	 * its published keys. Either way {@code iss} and {@code aud} must match, {@code sub}
	 * is the user's id and {@code roles} holds USER and/or ADMIN.
	 *
	 * @param secret the HMAC-SHA256 key, at least 32 bytes; not needed with an external
	 * provider, and then {@code POST /auth/token} issues nothing
	 * @param issuer the {@code iss} claim issued and required
	 * @param audience the {@code aud} claim issued and required
	 * @param lifetime how long an issued token is valid
	 * @param jwksUri the JWK Set URL of an external identity provider, replacing the
	 * built-in issuer
	 * @param jwsAlgorithm the provider's signing algorithm (RS256, ES256, ...); tokens
	 * signed otherwise are refused
	 */
	public record Jwt(@Size(min = 32) String secret, @DefaultValue("wa-campaigns") String issuer,
			@DefaultValue("wa-campaigns-api") String audience, @DefaultValue("1h") Duration lifetime, URI jwksUri,
			@DefaultValue("RS256") String jwsAlgorithm) {

		/** Whether this gateway issues tokens itself (no external provider). */
		public boolean issuesTokens() {
			return this.jwksUri == null;
		}

		@AssertTrue(message = "set gateway.jwt.secret (JWT_SECRET, 32 bytes or more) or gateway.jwt.jwks-uri")
		public boolean isKeyConfigured() {
			return this.jwksUri != null || (this.secret != null && !this.secret.isBlank());
		}

		@Override
		public String toString() {
			return "Jwt[" + this.issuer + ", " + this.audience + ", "
					+ ((this.jwksUri != null) ? this.jwksUri : "HS256") + "]";
		}

	}

	/**
	 * @param appSecret the Meta app secret that signs webhooks
	 * @param verifyToken the token Meta echoes when the webhook is verified
	 */
	public record Webhook(@NotBlank String appSecret, @NotBlank String verifyToken) {

	}

	/**
	 * @param maxBytes the largest CSV file accepted
	 * @param maxRows recipients per campaign at most
	 */
	public record Csv(@DefaultValue("2147483648") long maxBytes, @DefaultValue("10000000") @Min(1) long maxRows) {

	}

	/**
	 * @param baseUrl Meta's Graph API in production, the simulator locally
	 * @param apiVersion the Graph API version in the path
	 * @param timeout how long a check may take
	 */
	public record Graph(@DefaultValue("https://graph.facebook.com") URI baseUrl,
			@DefaultValue("v23.0") String apiVersion, @DefaultValue("10s") Duration timeout) {

	}

	/**
	 * @param stopKeywords replies that add the sender to the suppression list (any case)
	 * @param resumeKeywords replies that take it off again
	 */
	public record OptOut(@DefaultValue( {
			"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ARRET", "ARRÊT", "ALTO", "BAJA", "PARAR",
			"SAIR", "STOPP", "DISISCRIVITI" }) Set<String> stopKeywords,
			@DefaultValue({ "START", "UNSTOP", "RESUME", "SUBSCRIBE" }) Set<String> resumeKeywords){

	}

	/**
	 * @param interval how often running campaigns are fed
	 * @param lookahead how many seconds of a campaign's rate may wait in Kafka
	 * @param maxRecordsPerFeed records fed for one campaign in one round at most
	 * @param sweepAfter how long after its last feed a fully fed campaign with recipients
	 * still PENDING is fed again from the first of them
	 */
	public record Feed(@DefaultValue("200ms") Duration interval, @DefaultValue("2s") Duration lookahead,
			@DefaultValue("5000") @Min(1) int maxRecordsPerFeed, @DefaultValue("30s") Duration sweepAfter) {

	}

}
