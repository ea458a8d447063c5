package com.wacampaigns.dispatcher;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the dispatcher.
 *
 * @param graph where and how the WhatsApp Cloud API is called
 * @param tokenEncryptionKey the base64 AES-256 key that senders' access tokens are stored
 * with
 * @param retry how a send that Meta asks us to retry is retried
 * @param senderCacheTtl how long a sender's token and limit are cached before being read
 * again
 */
@ConfigurationProperties("dispatcher")
@Validated
public record DispatcherProperties(@Valid @DefaultValue Graph graph, @NotBlank String tokenEncryptionKey,
		@Valid @DefaultValue Retry retry, @DefaultValue("30s") Duration senderCacheTtl,
		@DefaultValue("256") @Min(1) int maxInFlight, @Valid @DefaultValue Pace pace,
		@Valid @DefaultValue MarketingLimit marketingLimit) {

	/**
	 * What Meta's per-user marketing limit (131049: the user got enough marketing
	 * messages for now) does to a recipient: it waits {@code delay} and is sent again, at
	 * most {@code maxDeferrals} times, then fails. 0 fails it at once.
	 */
	public record MarketingLimit(@DefaultValue("24h") Duration delay, @DefaultValue("1") @Min(0) int maxDeferrals) {

	}

	/**
	 * How a sender's rate adapts when Meta says its throughput is reached (130429).
	 *
	 * @param backoffFactor the rate is multiplied by this on a 130429
	 * @param backoffHold at most one back-off in this time: the sends in flight when the
	 * first 130429 came back answer the same
	 * @param recoveryPerSecond the share of the sender's ceiling given back each second
	 * after a back-off, until the ceiling
	 * @param minimumRate the rate never goes below this, in messages a second
	 */
	public record Pace(@DefaultValue("0.5") @DecimalMin("0.05") @DecimalMax("0.95") double backoffFactor,
			@DefaultValue("1s") Duration backoffHold,
			@DefaultValue("0.05") @DecimalMin("0.001") @DecimalMax("1") double recoveryPerSecond,
			@DefaultValue("1") @DecimalMin("0.1") double minimumRate) {

	}

	/**
	 * @param baseUrl Meta's Graph API in production, the simulator locally
	 * @param apiVersion the Graph API version in the path
	 * @param connectTimeout how long to wait for a connection
	 * @param requestTimeout how long to wait for an answer once the request is written;
	 * past it the outcome is unknown and the send is not repeated
	 */
	public record Graph(@NotNull @DefaultValue("https://graph.facebook.com") URI baseUrl,
			@NotBlank @DefaultValue("v23.0") String apiVersion, @DefaultValue("2s") Duration connectTimeout,
			@DefaultValue("10s") Duration requestTimeout) {

	}

	/**
	 * @param maxAttempts sends of one recipient at most, the first included
	 * @param initialDelay the pause before the first retry; it doubles each time, with
	 * jitter
	 * @param maxDelay the longest pause before a retry
	 */
	public record Retry(@DefaultValue("5") @Min(1) int maxAttempts, @DefaultValue("500ms") Duration initialDelay,
			@DefaultValue("60s") Duration maxDelay) {

	}

}
