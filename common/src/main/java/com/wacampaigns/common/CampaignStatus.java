package com.wacampaigns.common;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The life cycle of a campaign, with its legal transitions in one place:
 * {@code DRAFT → (SCHEDULED →) RUNNING ⇄ PAUSED → COMPLETED | STOPPED}. A campaign with
 * nothing pending completes instead of running; a resumed one whose time has not come is
 * SCHEDULED again; a COMPLETED one runs again only when its failures are retried. STOPPED
 * and FAILED are terminal. What users may do in each status is {@link CampaignAction}.
 */
public enum CampaignStatus {

	DRAFT, SCHEDULED, RUNNING, PAUSED, COMPLETED, STOPPED, FAILED;

	/**
	 * The statuses this one may become, by whoever changes it: the gateway (user and
	 * admin actions, the feeder when a schedule comes), the dispatcher (sender trouble
	 * pauses or stops) and the status ingestor (completion).
	 */
	public Set<CampaignStatus> next() {
		Set<CampaignStatus> next = switch (this) {
			// STOPPED: by a stop, or when Meta no longer lets its sender send (account
			// locked).
			case DRAFT -> EnumSet.of(SCHEDULED, RUNNING, COMPLETED, STOPPED);
			case SCHEDULED -> EnumSet.of(RUNNING, PAUSED, COMPLETED, STOPPED);
			case RUNNING -> EnumSet.of(PAUSED, COMPLETED, STOPPED);
			case PAUSED -> EnumSet.of(SCHEDULED, RUNNING, COMPLETED, STOPPED);
			// Only by retrying its failures (CampaignAction.RETRY_FAILED).
			case COMPLETED -> EnumSet.of(RUNNING);
			case STOPPED, FAILED -> EnumSet.noneOf(CampaignStatus.class);
		};
		return Collections.unmodifiableSet(next);
	}

	public boolean canBecome(CampaignStatus status) {
		return next().contains(status);
	}

	/** Nothing can change a campaign in this status any more. */
	public boolean isTerminal() {
		return next().isEmpty();
	}

	/**
	 * Nothing will be sent in this status: the campaign is over, unless the failures of a
	 * COMPLETED one are retried.
	 */
	public boolean isFinished() {
		return this == COMPLETED || isTerminal();
	}

}
