package com.wacampaigns.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of the webhooks Meta posts when a number's limits change, on the WhatsApp
 * Business Account's entry, as its webhook references describe them (Graph v24 on).
 * <ul>
 * <li>{@code phone_number_quality_update}: {@code display_phone_number} (digits only),
 * {@code event} and {@code max_daily_conversations_per_business}, a {@code TIER_*}
 * string. The {@code current_limit} and {@code old_limit} Meta removed in February 2026
 * are not sent.</li>
 * <li>{@code business_capability_update}: {@code max_daily_conversations_per_business} as
 * the number Meta's example shows (2000; -1 for unlimited), and the phone number cap that
 * goes with the tier. Meta's reference calls the field an integer yet lists
 * {@code TIER_*} values for it, so a client must accept either a number or a
 * {@code TIER_*} string there.</li>
 * </ul>
 */
final class LimitWebhooks {

	static final String QUALITY_FIELD = "phone_number_quality_update";

	static final String CAPABILITY_FIELD = "business_capability_update";

	static final String THROUGHPUT_UPGRADE = "THROUGHPUT_UPGRADE";

	/** Business phone numbers a portfolio at TIER_250 may have. */
	private static final int PHONE_NUMBERS_PER_NEW_BUSINESS = 2;

	/** Business phone numbers per account once the portfolio is past TIER_250. */
	private static final int PHONE_NUMBERS_PER_WABA = 25;

	private LimitWebhooks() {
	}

	/**
	 * A quality change ({@code FLAGGED}, {@code UNFLAGGED}) carries the portfolio's
	 * messaging limit.
	 */
	static Map<String, Object> qualityChanged(String displayNumber, String event, MessagingTier tier) {
		return qualityUpdate(displayNumber, event, tier.name());
	}

	/**
	 * A throughput upgrade carries {@code TIER_UNLIMITED} as in Meta's example, where the
	 * limit field speaks of throughput ("higher throughput"), not of the messaging limit:
	 * a client must not read it as the portfolio's tier.
	 */
	static Map<String, Object> throughputUpgraded(String displayNumber) {
		return qualityUpdate(displayNumber, THROUGHPUT_UPGRADE, MessagingTier.TIER_UNLIMITED.name());
	}

	static Map<String, Object> capabilityChanged(MessagingTier tier) {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("max_daily_conversations_per_business", tier.uniqueRecipients());
		if (tier == MessagingTier.TIER_250) {
			value.put("max_phone_numbers_per_business", PHONE_NUMBERS_PER_NEW_BUSINESS);
		}
		else {
			value.put("max_phone_numbers_per_waba", PHONE_NUMBERS_PER_WABA);
		}
		return value;
	}

	private static Map<String, Object> qualityUpdate(String displayNumber, String event, String limit) {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("display_phone_number", displayNumber.replaceAll("\\D", ""));
		value.put("event", event);
		value.put("max_daily_conversations_per_business", limit);
		return value;
	}

}
