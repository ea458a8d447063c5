package com.wacampaigns.ingestor;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the status-ingestor.
 *
 * @param statusPartitions partitions of {@code whatsapp.status} when this app creates it
 */
@ConfigurationProperties("ingestor")
@Validated
public record IngestorProperties(@DefaultValue("8") @Min(1) int statusPartitions) {

}
