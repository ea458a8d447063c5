package com.wacampaigns.gateway.outbound;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import com.wacampaigns.gateway.GatewayProperties;

/**
 * Keeps the delivery log to its configured time: a million-recipient campaign leaves tens
 * of thousands of deliveries, each with its payload, for every endpoint that wants
 * message states. Settled ones past their time are deleted in chunks, so no statement
 * holds many rows; every gateway runs it, taking different rows ({@code SKIP LOCKED}).
 * Pending deliveries are never deleted here: they end as delivered or failed first.
 */
@Component
class DeliveryLogRetention implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(DeliveryLogRetention.class);

	private static final int CHUNK = 5_000;

	private final JdbcWebhookDeliveries deliveries;

	private final GatewayProperties.OutboundWebhooks settings;

	DeliveryLogRetention(JdbcWebhookDeliveries deliveries, GatewayProperties properties) {
		this.deliveries = deliveries;
		this.settings = properties.outboundWebhooks();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(
				new FixedDelayTask(this::expire, this.settings.retentionInterval(), this.settings.retentionInterval()));
	}

	void expire() {
		try {
			long deleted = 0;
			int chunk;
			do {
				chunk = this.deliveries.expire(this.settings.logRetention(), CHUNK);
				deleted += chunk;
			}
			while (chunk == CHUNK);
			if (deleted > 0) {
				log.info("Deleted {} webhook deliveries older than {} from the delivery log", deleted,
						this.settings.logRetention());
			}
		}
		catch (RuntimeException ex) {
			log.warn("The webhook delivery log could not be trimmed; trying again at the next interval", ex);
		}
	}

}
