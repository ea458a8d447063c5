package com.wacampaigns.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
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
 * @param graph the WhatsApp Cloud API, where connected numbers are checked and templates
 * listed
 * @param csv limits of recipient imports
 * @param bootstrapAdmin the first admin of a fresh deployment
 * @param reconcile how recipients left in flight are settled
 * @param login throttling of failed logins at {@code POST /auth/token}
 * @param requestBody limits of request bodies, checked before they are parsed
 * @param actuator access to the actuator's endpoints
 * @param sse limits of the live progress streams ({@code GET /campaigns/{id}/events})
 * @param templates how templates are synced from the senders' WhatsApp Business Accounts
 * @param senders what the gateway keeps of Meta's limits on each number
 * @param apiKeys server-to-server API keys
 * @param outboundWebhooks users' webhook endpoints and deliveries to them
 */
@ConfigurationProperties("gateway")
@Validated
public record GatewayProperties(@Valid Jwt jwt, @Valid Webhook webhook, @NotBlank String tokenEncryptionKey,
		@Valid @DefaultValue Feed feed, @Valid @DefaultValue OptOut optOut, @Valid @DefaultValue Graph graph,
		@Valid @DefaultValue Csv csv, @Valid @DefaultValue BootstrapAdmin bootstrapAdmin,
		@Valid @DefaultValue Reconcile reconcile, @Valid @DefaultValue Login login,
		@Valid @DefaultValue RequestBody requestBody, @Valid @DefaultValue Actuator actuator,
		@Valid @DefaultValue Sse sse, @Valid @DefaultValue Templates templates, @Valid @DefaultValue Senders senders,
		@Valid @DefaultValue ApiKeys apiKeys, @Valid @DefaultValue OutboundWebhooks outboundWebhooks) {

	/**
	 * Users' webhook endpoints and how events are delivered to them.
	 *
	 * @param eventsPerDelivery the most events one POST carries (message states come in
	 * batches; other events one by one)
	 * @param firstRetryDelay the pause after a first failed attempt; it doubles with each
	 * attempt, with a tenth of jitter
	 * @param maxRetryDelay the longest pause between two attempts
	 * @param giveUpAfter how long a delivery is tried before it is marked FAILED (its
	 * user can still retry it by hand)
	 * @param disableAfter how long an endpoint may fail every attempt before it is
	 * disabled, with the reason on the endpoint
	 * @param requestTimeout how long one attempt may take, connection included
	 * @param concurrency attempts in flight at once on one gateway
	 * @param perEndpointConcurrency attempts in flight at once to one endpoint, from all
	 * gateways together (two gateways leasing at the same moment may pass it briefly): a
	 * slow or backlogged endpoint takes no more than this many of the attempt slots
	 * @param pollInterval how often due retries are looked for (new deliveries go at
	 * once)
	 * @param requireHttps whether endpoints must be {@code https} (off only for a local
	 * stack or tests)
	 * @param allowedNetworks private networks (CIDR) that endpoints may be in anyway, for
	 * a local stack or tests: by default no endpoint may resolve to a loopback, private,
	 * link-local or other internal address
	 * @param logRetention how long the delivery log keeps a settled (delivered or failed)
	 * delivery, payload included, after it was made
	 * @param retentionInterval how often settled deliveries past their time are deleted
	 * @param maxEndpointsPerUser the most endpoints one user may register (each event is
	 * one delivery per endpoint)
	 */
	public record OutboundWebhooks(@DefaultValue("100") @Min(1) int eventsPerDelivery,
			@DefaultValue("10s") Duration firstRetryDelay, @DefaultValue("1h") Duration maxRetryDelay,
			@DefaultValue("24h") Duration giveUpAfter, @DefaultValue("24h") Duration disableAfter,
			@DefaultValue("10s") Duration requestTimeout, @DefaultValue("32") @Min(1) int concurrency,
			@DefaultValue("8") @Min(1) int perEndpointConcurrency, @DefaultValue("1s") Duration pollInterval,
			@DefaultValue("true") boolean requireHttps, @DefaultValue List<String> allowedNetworks,
			@DefaultValue("7d") Duration logRetention, @DefaultValue("10m") Duration retentionInterval,
			@DefaultValue("10") @Min(1) int maxEndpointsPerUser) {

	}

	/**
	 * Server-to-server API keys.
	 *
	 * @param requestsPerSecond the most requests a second one key makes on one gateway;
	 * more are answered 429 with {@code Retry-After}
	 */
	public record ApiKeys(@DefaultValue("20") @DecimalMin("0.1") double requestsPerSecond) {

	}

	/**
	 * What the gateway keeps of Meta's limits on each number.
	 *
	 * @param limitsRefreshInterval how often every connected number's messaging limit,
	 * quality rating and throughput level are read again from Meta (one gateway at a
	 * time); Meta's webhooks bring changes at once besides
	 * @param onQualityRed what a number's quality rating turning RED does to its running
	 * MARKETING campaigns: PAUSE them (the default), or HALVE their rate
	 * @param messagingWindow the moving window of Meta's messaging limit: 24 hours (other
	 * values are for tests)
	 * @param messagingWindowMargin how much longer than the window a recipient counts:
	 * the feeder counts a recipient when it feeds it, Meta when the message is sent,
	 * later (a retry of a throttled send can go out minutes after its feed)
	 */
	public record Senders(@DefaultValue("1h") Duration limitsRefreshInterval,
			@DefaultValue("PAUSE") QualityRedPolicy onQualityRed, @DefaultValue("24h") Duration messagingWindow,
			@DefaultValue("10m") Duration messagingWindowMargin) {

		public enum QualityRedPolicy {

			PAUSE, HALVE

		}

	}

	/**
	 * Templates come from the WhatsApp Business Account of each connected number: synced
	 * when a number is connected with its account, on demand ({@code POST
	 * /templates/sync}), every {@code syncInterval}, and at once for the account of a
	 * template that Meta's webhooks name and the gateway does not know.
	 *
	 * @param syncInterval how often every account's templates are synced (one gateway at
	 * a time)
	 * @param pageSize templates asked for in one page of Meta's list
	 */
	public record Templates(@DefaultValue("15m") Duration syncInterval, @DefaultValue("100") @Min(1) int pageSize) {

	}

	/**
	 * Failed logins are counted per user name and per client address; once either count
	 * reaches its limit within {@code window} (counted from the first failure), further
	 * attempts are answered 429 with {@code Retry-After} before any password is checked,
	 * until the window ends. Successful logins are not counted, and a user's own success
	 * clears the failures of that user name.
	 *
	 * @param maxFailuresPerUsername failed logins for one user name within a window
	 * @param maxFailuresPerAddress failed logins from one client address (an IPv6
	 * client's /64) within a window, whatever the user names
	 * @param window how long failures are counted, and so how long a throttled caller
	 * waits at most
	 * @param maxTracked user names, and client addresses, kept track of at most (each);
	 * past it the least recently seen are forgotten
	 */
	public record Login(@DefaultValue("10") @Min(1) int maxFailuresPerUsername,
			@DefaultValue("50") @Min(1) int maxFailuresPerAddress, @DefaultValue("5m") Duration window,
			@DefaultValue("50000") @Min(1) int maxTracked) {

	}

	/**
	 * Live progress streams ({@code GET /campaigns/{id}/events}). Past either limit a new
	 * stream is answered 429 with {@code Retry-After}; a stream's slot is free again as
	 * soon as it ends, is closed by its client, or fails a send (a heartbeat on quiet
	 * streams finds clients that went away without closing).
	 *
	 * @param maxStreamsPerUser streams one user may have open at once on this gateway
	 * @param maxStreams streams this gateway serves at once, whoever opened them
	 * @param maxLifetime how long a stream lasts at most; clients open a new one after it
	 * @param heartbeat how long a stream stays without a comment line when nothing
	 * changes
	 */
	public record Sse(@DefaultValue("10") @Min(1) int maxStreamsPerUser, @DefaultValue("1000") @Min(1) int maxStreams,
			@DefaultValue("1h") Duration maxLifetime, @DefaultValue("15s") Duration heartbeat) {

	}

	/**
	 * Limits of request bodies, refused with 413 before they are parsed. CSV imports,
	 * multipart uploads and webhooks have limits of their own
	 * ({@code gateway.csv.max-bytes}, {@code spring.servlet.multipart.*}, 3 MB) and are
	 * not limited here.
	 *
	 * @param maxSize the largest body of every other endpoint
	 * @param campaignMaxSize the largest body of {@code POST /campaigns/create}, whose
	 * recipients may come inline (100,000 at most)
	 */
	public record RequestBody(@DefaultValue("64KB") DataSize maxSize, @DefaultValue("32MB") DataSize campaignMaxSize) {

	}

	/**
	 * Anyone may read {@code /actuator/health} and its liveness and readiness groups
	 * (their status only: details need an ADMIN token); everything else of the actuator
	 * needs an ADMIN token, or for {@code /actuator/prometheus} the scrape token.
	 *
	 * @param scrapeToken a static bearer token, at least 32 characters, that reads
	 * {@code /actuator/prometheus} and nothing else; none by default (blank is none)
	 */
	public record Actuator(String scrapeToken) {

		/** Whether a scrape token is set. */
		public boolean hasScrapeToken() {
			return this.scrapeToken != null && !this.scrapeToken.isBlank();
		}

		@AssertTrue(message = "gateway.actuator.scrape-token must be at least 32 characters")
		public boolean isScrapeTokenLongEnough() {
			return !hasScrapeToken() || this.scrapeToken.length() >= 32;
		}

		@Override
		public String toString() {
			return "Actuator[" + (hasScrapeToken() ? "scrape token set" : "no scrape token") + "]";
		}

	}

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
	 * @param timeout how long a check, or one page of a template list, may take
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
	 * @param sendTimeout how long a round waits for Kafka to take its window before it
	 * gives up, to try again next round
	 * @param lease how long a round may hold its campaign: another gateway instance takes
	 * over a campaign this much after its feeder died mid-round
	 */
	public record Feed(@DefaultValue("200ms") Duration interval, @DefaultValue("2s") Duration lookahead,
			@DefaultValue("5000") @Min(1) int maxRecordsPerFeed, @DefaultValue("30s") Duration sweepAfter,
			@DefaultValue("5s") Duration sendTimeout, @DefaultValue("30s") Duration lease) {

	}

	/**
	 * The reconciler of recipients left in flight.
	 *
	 * @param interval how often it looks (one gateway at a time)
	 * @param claimAge how long a recipient may stay claimed without a send attempt before
	 * it goes back to PENDING; far longer than a dispatcher holds a claim before sending
	 * @param quietPeriod how long a send whose outcome is unknown waits for Meta's
	 * webhook before the policy settles it; Meta's {@code sent} status normally comes
	 * within seconds
	 * @param policy what becomes of a send whose outcome stayed unknown
	 * @param batchSize recipients settled in one statement at most
	 */
	public record Reconcile(@DefaultValue("30s") Duration interval, @DefaultValue("2m") Duration claimAge,
			@DefaultValue("10m") Duration quietPeriod, @DefaultValue("FAIL") Policy policy,
			@DefaultValue("1000") @Min(1) int batchSize) {

		/** What becomes of a send whose outcome stayed unknown after the quiet period. */
		public enum Policy {

			/**
			 * FAILED with "outcome unknown", counted in the campaign's {@code unknown};
			 * nobody is messaged twice.
			 */
			FAIL,

			/**
			 * Sent again: nobody is left without the message, and anyone whose first send
			 * Meta had in fact taken gets it twice.
			 */
			RESEND

		}

	}

}
