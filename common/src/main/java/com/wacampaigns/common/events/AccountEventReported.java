package com.wacampaigns.common.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Meta changed what a business account may send: a number's quality or throughput
 * ({@code phone_number_quality_update}), or the portfolio's messaging limit
 * ({@code business_capability_update}). Published by the gateway's webhook receiver on
 * {@code whatsapp.account} keyed by the WhatsApp Business Account id; the gateway reads
 * the account's numbers' limits again and applies them.
 *
 * @param wabaId the WhatsApp Business Account, the webhook entry's {@code id}
 * @param field the webhook field that reported it
 * @param displayPhoneNumber for a number's update, the number as Meta writes it (digits)
 * @param event for a number's update: FLAGGED, UNFLAGGED, THROUGHPUT_UPGRADE, ONBOARDING,
 * ...
 * @param messagingLimit the portfolio's messaging limit the webhook names, as a
 * {@code TIER_*} name, or {@code null}: Meta writes it as a number (2000) or a name
 * @param receivedAt when the webhook reached the gateway
 */
public record AccountEventReported(String wabaId, Field field, String displayPhoneNumber, String event,
		String messagingLimit, Instant receivedAt) {

	/** The webhook fields that carry changes to an account's limits. */
	public enum Field {

		PHONE_NUMBER_QUALITY_UPDATE("phone_number_quality_update"),

		BUSINESS_CAPABILITY_UPDATE("business_capability_update");

		private final String webhookField;

		Field(String webhookField) {
			this.webhookField = webhookField;
		}

		public String webhookField() {
			return this.webhookField;
		}

		/** The field of this name, or empty for a field that is not about limits. */
		public static Optional<Field> of(String webhookField) {
			return Arrays.stream(values()).filter((field) -> field.webhookField.equals(webhookField)).findFirst();
		}

	}

}
