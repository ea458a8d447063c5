package com.wacampaigns.ingestor;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the status-ingestor.
 *
 * @param unmatched how statuses of messages not known yet are retried
 */
@ConfigurationProperties("ingestor")
@Validated
public record IngestorProperties(@Valid @DefaultValue Unmatched unmatched) {

	/**
	 * @param retryInterval how often parked statuses are looked at
	 * @param firstDelay the pause before the first retry; it doubles with each attempt
	 * @param maxDelay the longest pause between two attempts
	 * @param maxAttempts attempts before a status goes to the dead-letter topic
	 * @param batchSize parked statuses tried in one round at most
	 */
	public record Unmatched(@DefaultValue("2s") Duration retryInterval, @DefaultValue("2s") Duration firstDelay,
			@DefaultValue("10m") Duration maxDelay, @DefaultValue("12") @Min(1) int maxAttempts,
			@DefaultValue("500") @Min(1) int batchSize) {

	}

}
