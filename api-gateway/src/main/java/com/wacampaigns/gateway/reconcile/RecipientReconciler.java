package com.wacampaigns.gateway.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.GatewayProperties.Reconcile.Policy;

/**
 * Nothing stays in flight forever. Now and then (one gateway at a time), recipients
 * claimed by a dispatcher but never attempted for longer than the claim age go back to
 * PENDING (the dispatcher died, or dropped them); sends whose outcome never came (no
 * answer, an ambiguous 5xx, a crash between the send and its outcome, an ACCEPTED message
 * without a status from Meta) are left to their webhook for the quiet period, and after
 * it are settled by the configured policy: {@code fail} (the default: FAILED, "outcome
 * unknown", counted in the campaign's {@code unknown}) or {@code resend}. A campaign
 * whose last pending recipients are settled so completes.
 */
@Component
class RecipientReconciler implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(RecipientReconciler.class);

	/** Rounds of one run at most, so one run cannot hold the lease for long. */
	private static final int MAX_ROUNDS = 20;

	private final JdbcInFlightRecipients recipients;

	private final TransactionTemplate transaction;

	private final GatewayProperties.Reconcile settings;

	private final Counter released;

	private final Counter failedUnknown;

	private final Counter resent;

	RecipientReconciler(JdbcInFlightRecipients recipients, TransactionTemplate transaction,
			GatewayProperties properties, MeterRegistry meters) {
		this.recipients = recipients;
		this.transaction = transaction;
		this.settings = properties.reconcile();
		this.released = counter(meters, "released", "claimed but never sent, back to PENDING");
		this.failedUnknown = counter(meters, "failed_unknown", "outcome unknown after the quiet period, FAILED");
		this.resent = counter(meters, "resent", "outcome unknown after the quiet period, sent again");
	}

	private static Counter counter(MeterRegistry meters, String action, String what) {
		return Counter.builder("reconciler.recipients")
			.description("Recipients the reconciler settled: " + what)
			.tag("action", action)
			.register(meters);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		tasks
			.addFixedDelayTask(new FixedDelayTask(this::reconcile, this.settings.interval(), this.settings.interval()));
	}

	void reconcile() {
		try {
			for (int round = 0; round < MAX_ROUNDS; round++) {
				Round done = this.transaction.execute((status) -> round());
				if (done == null || !done.full(this.settings.batchSize())) {
					return;
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Reconciling recipients in flight failed; it is tried again in {}", this.settings.interval(), ex);
		}
	}

	private Round round() {
		if (!this.recipients.lease()) {
			return null;
		}
		int limit = this.settings.batchSize();
		boolean resend = this.settings.policy() == Policy.RESEND;
		JdbcInFlightRecipients.BackToFeed back = this.recipients.backToFeed(this.settings.claimAge(),
				this.settings.quietPeriod(), resend, limit);
		int released = back.released();
		int resent = back.resent();
		int failed = this.recipients.failUnknown(this.settings.quietPeriod(), resend, limit);
		this.released.increment(released);
		this.failedUnknown.increment(failed);
		this.resent.increment(resent);
		if (released + failed + resent > 0) {
			log.info(
					"Reconciled recipients in flight: {} claimed but never sent back to PENDING, {} of unknown outcome failed, {} of unknown outcome to be sent again",
					released, failed, resent);
		}
		return new Round(released, failed, resent);
	}

	private record Round(int released, int failed, int resent) {

		boolean full(int limit) {
			// Each statement takes at most the limit; one that took it all may have left
			// more.
			return this.released + this.resent >= limit || this.failed >= limit;
		}

	}

}
