package com.wacampaigns.gateway.template;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import com.wacampaigns.gateway.GatewayProperties;

/**
 * Syncs every account's templates every {@code gateway.templates.sync-interval}, one
 * gateway at a time, so that what a lost webhook would have said arrives anyway.
 */
@Component
class PeriodicTemplateSync implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(PeriodicTemplateSync.class);

	private final TemplateSync sync;

	private final JdbcWabaTemplates templates;

	private final Duration interval;

	PeriodicTemplateSync(TemplateSync sync, JdbcWabaTemplates templates, GatewayProperties properties) {
		this.sync = sync;
		this.templates = templates;
		this.interval = properties.templates().syncInterval();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(new FixedDelayTask(this::syncAll, this.interval, this.interval));
	}

	void syncAll() {
		try {
			// Half an interval: gateways whose rounds drift apart still take turns.
			if (!this.templates.takeTurn(this.interval.dividedBy(2))) {
				return;
			}
			for (String wabaId : this.sync.accounts()) {
				if (this.sync.sync(wabaId) instanceof SyncOutcome.Failed failed) {
					log.warn("The periodic sync of WhatsApp Business Account {} failed: {}", wabaId, failed.problem());
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("The periodic template sync failed; it is tried again in {}", this.interval, ex);
		}
	}

}
