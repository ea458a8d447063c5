package com.wacampaigns.common;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonValue;

import static com.wacampaigns.common.CampaignStatus.COMPLETED;
import static com.wacampaigns.common.CampaignStatus.DRAFT;
import static com.wacampaigns.common.CampaignStatus.PAUSED;
import static com.wacampaigns.common.CampaignStatus.RUNNING;
import static com.wacampaigns.common.CampaignStatus.SCHEDULED;

/**
 * What a user (or an admin) may do to a campaign, and in which {@link CampaignStatus}
 * each is allowed. On the wire each is the word of the API: {@code send}, {@code pause},
 * {@code resume}, {@code stop}, {@code cancel}, {@code retry-failed}, {@code delete}.
 */
public enum CampaignAction {

	/** DRAFT → SCHEDULED, RUNNING, or COMPLETED when nothing is pending. */
	SEND,

	/** → PAUSED; the dispatcher's next claim sees it. */
	PAUSE,

	/**
	 * PAUSED → SCHEDULED when its time has not come, COMPLETED when nothing is pending,
	 * RUNNING otherwise.
	 */
	RESUME,

	/** → STOPPED; unsent recipients stay PENDING, never to be sent. */
	STOP,

	/** An admin's stop, recorded as such. */
	CANCEL,

	/**
	 * Failures that may pass go back to PENDING; a COMPLETED campaign runs again, other
	 * statuses stay.
	 */
	RETRY_FAILED,

	/** A DRAFT and its recipients are deleted. */
	DELETE;

	/** The statuses in which this action is allowed. */
	public Set<CampaignStatus> allowedFrom() {
		Set<CampaignStatus> from = switch (this) {
			case SEND, DELETE -> EnumSet.of(DRAFT);
			case PAUSE -> EnumSet.of(SCHEDULED, RUNNING);
			case RESUME -> EnumSet.of(PAUSED);
			case STOP, CANCEL -> EnumSet.of(DRAFT, SCHEDULED, RUNNING, PAUSED);
			case RETRY_FAILED -> EnumSet.of(RUNNING, PAUSED, COMPLETED);
		};
		return Collections.unmodifiableSet(from);
	}

	public boolean isAllowedIn(CampaignStatus status) {
		return allowedFrom().contains(status);
	}

	/** Every action allowed in {@code status}, in declaration order. */
	public static List<CampaignAction> allowedIn(CampaignStatus status) {
		return Arrays.stream(values()).filter((action) -> action.isAllowedIn(status)).toList();
	}

	/** The action's word in the API and in the campaign's history. */
	@JsonValue
	public String word() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** The action named by {@code word}, in any case. */
	public static Optional<CampaignAction> ofWord(String word) {
		if (word == null) {
			return Optional.empty();
		}
		String wanted = word.strip();
		return Arrays.stream(values()).filter((action) -> action.word().equalsIgnoreCase(wanted)).findFirst();
	}

}
