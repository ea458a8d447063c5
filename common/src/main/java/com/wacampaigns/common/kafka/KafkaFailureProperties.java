package com.wacampaigns.common.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the apps' listeners wait out a failure that may pass.
 *
 * @param initialInterval the pause before a failed batch is tried again; it doubles each
 * time
 * @param maxInterval the longest pause between two tries; there is no last try
 */
@ConfigurationProperties("wa.kafka.failures")
public record KafkaFailureProperties(@DefaultValue("200ms") Duration initialInterval,
		@DefaultValue("10s") Duration maxInterval) {

}
