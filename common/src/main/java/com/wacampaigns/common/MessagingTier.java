package com.wacampaigns.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A business portfolio's messaging limit: how many unique users its numbers may reach
 * with business-initiated messages in any moving 24 hours (Meta's
 * {@code whatsapp_business_manager_messaging_limit}).
 */
public enum MessagingTier {

	TIER_50(50), TIER_250(250), TIER_1K(1_000), TIER_2K(2_000), TIER_10K(10_000), TIER_100K(100_000),
	TIER_UNLIMITED(-1);

	private final int uniqueRecipients;

	MessagingTier(int uniqueRecipients) {
		this.uniqueRecipients = uniqueRecipients;
	}

	/** The unique users allowed in a moving 24 hours; -1 for no limit. */
	public int uniqueRecipients() {
		return this.uniqueRecipients;
	}

	public boolean isLimited() {
		return this.uniqueRecipients > 0;
	}

	/**
	 * The tier to keep to for a value Meta gave: the one it names, the lowest when it
	 * names one this version does not know (safe rather than sorry), none when it gave
	 * none.
	 */
	public static Optional<MessagingTier> keepTo(Object value) {
		if (value == null || value.toString().isBlank()) {
			return Optional.empty();
		}
		return Optional.of(parse(value).orElse(TIER_50));
	}

	/**
	 * The tier Meta names in any of its forms: {@code TIER_2K}, {@code 2K}, or the number
	 * {@code 2000} that {@code business_capability_update} may carry (-1 or
	 * {@code UNLIMITED} for no limit).
	 */
	public static Optional<MessagingTier> parse(Object value) {
		if (value == null) {
			return Optional.empty();
		}
		String text = value.toString().trim().toUpperCase(Locale.ROOT);
		if (text.matches("-?\\d+")) {
			long number = Long.parseLong(text);
			return Arrays.stream(values()).filter((tier) -> tier.uniqueRecipients == number).findFirst();
		}
		String name = text.startsWith("TIER_") ? text : "TIER_" + text;
		return Arrays.stream(values()).filter((tier) -> tier.name().equals(name)).findFirst();
	}

}
