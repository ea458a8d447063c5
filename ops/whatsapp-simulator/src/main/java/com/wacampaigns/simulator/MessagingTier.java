package com.wacampaigns.simulator;

import java.util.Locale;

/**
 * A business portfolio's messaging limit: how many unique users its numbers may reach
 * outside a customer service window in a moving 24 hours, as
 * {@code whatsapp_business_manager_messaging_limit} names it. Since October 2025 Meta
 * sets it per portfolio, shared by all the portfolio's numbers. Passing it brings no send
 * error: the sender has to budget it.
 */
public enum MessagingTier {

	TIER_250(250),

	TIER_2K(2_000),

	TIER_10K(10_000),

	TIER_100K(100_000),

	TIER_UNLIMITED(-1);

	private final int uniqueRecipients;

	MessagingTier(int uniqueRecipients) {
		this.uniqueRecipients = uniqueRecipients;
	}

	/**
	 * Unique recipients allowed in the window, {@code -1} for no limit: the number
	 * {@code business_capability_update} writes in
	 * {@code max_daily_conversations_per_business}.
	 */
	public int uniqueRecipients() {
		return this.uniqueRecipients;
	}

	/**
	 * Whether one more new recipient fits when the portfolio has reached these already.
	 */
	boolean allowsAnother(int alreadyReached) {
		return this.uniqueRecipients < 0 || alreadyReached < this.uniqueRecipients;
	}

	/**
	 * @param value a tier's name, in any case
	 * @throws IllegalArgumentException for a tier Meta does not have
	 */
	public static MessagingTier of(String value) {
		for (MessagingTier tier : values()) {
			if (tier.name().equals((value != null) ? value.toUpperCase(Locale.ROOT) : null)) {
				return tier;
			}
		}
		throw new IllegalArgumentException(
				"tier must be TIER_250, TIER_2K, TIER_10K, TIER_100K or TIER_UNLIMITED, not " + value);
	}

}
