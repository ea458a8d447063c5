package com.wacampaigns.dispatcher;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
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
		@DefaultValue("256") @Min(1) int maxInFlight) {

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
