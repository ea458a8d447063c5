package com.wacampaigns.gateway.sender;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import com.wacampaigns.gateway.GatewayProperties;

/**
 * Reads every connected number's limits from Meta every
 * {@code gateway.senders.limits-refresh-interval}, one gateway at a time, so that what a
 * lost webhook would have said arrives anyway.
 */
@Component
class PeriodicLimitsRefresh implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(PeriodicLimitsRefresh.class);

	private final SenderLimits limits;

	private final JdbcSenderRepository senders;

	private final Duration interval;

	PeriodicLimitsRefresh(SenderLimits limits, JdbcSenderRepository senders, GatewayProperties properties) {
		this.limits = limits;
		this.senders = senders;
		this.interval = properties.senders().limitsRefreshInterval();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks.addFixedDelayTask(new FixedDelayTask(this::refreshAll, this.interval, this.interval));
	}

	void refreshAll() {
		try {
			// Half an interval: gateways whose rounds drift apart still take turns.
			if (this.senders.takeTurn(this.interval.dividedBy(2))) {
				this.limits.refreshAll();
			}
		}
		catch (RuntimeException ex) {
			log.warn("The periodic read of the numbers' limits failed; it is tried again in {}", this.interval, ex);
		}
	}

}
