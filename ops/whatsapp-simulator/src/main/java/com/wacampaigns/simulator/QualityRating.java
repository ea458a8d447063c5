package com.wacampaigns.simulator;

import java.util.Locale;
import java.util.Optional;

/**
 * A business number's quality rating, as {@code GET /{phone-number-id}} answers it in
 * {@code quality_rating}.
 */
public enum QualityRating {

	GREEN, YELLOW, RED, UNKNOWN;

	/**
	 * The {@code phone_number_quality_update} event Meta posts for this change:
	 * {@code FLAGGED} when a number turns RED, {@code UNFLAGGED} when it leaves RED. Meta
	 * posts none between GREEN, YELLOW and UNKNOWN; those show only in {@code GET
	 * /{phone-number-id}}.
	 */
	Optional<String> eventTo(QualityRating next) {
		if (next == this) {
			return Optional.empty();
		}
		if (next == RED) {
			return Optional.of("FLAGGED");
		}
		return (this == RED) ? Optional.of("UNFLAGGED") : Optional.empty();
	}

	/**
	 * @param value a rating's name, in any case
	 * @throws IllegalArgumentException for a rating Meta does not have
	 */
	public static QualityRating of(String value) {
		for (QualityRating rating : values()) {
			if (rating.name().equals((value != null) ? value.toUpperCase(Locale.ROOT) : null)) {
				return rating;
			}
		}
		throw new IllegalArgumentException("quality_rating must be GREEN, YELLOW, RED or UNKNOWN, not " + value);
	}

}
