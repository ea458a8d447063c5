package com.wacampaigns.common.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Meta changed a message template: its status, its quality score or its category, as one
 * of Meta's template webhooks said. Published by the gateway's webhook receiver on
 * {@code whatsapp.templates} keyed by the WhatsApp Business Account id; the gateway
 * applies it to its copy of the account's templates.
 *
 * @param wabaId the WhatsApp Business Account, the webhook entry's {@code id}
 * @param metaTemplateId Meta's id of the template, or {@code null}
 * @param name the template's name
 * @param language its language in the Graph API's form ({@code en_US}), whichever form
 * the webhook used ({@code en-US})
 * @param field the webhook field that reported it
 * @param event for a status update, Meta's event: APPROVED, REJECTED, PENDING, PAUSED,
 * DISABLED, FLAGGED, REINSTATED, ARCHIVED, UNARCHIVED, ...
 * @param reason Meta's reason: a rejection's, {@code NONE} for most other events
 * @param detail a pause's or lock's {@code other_info}, as {@code title: description}, or
 * {@code null}
 * @param newQuality for a quality update, the new score: GREEN, YELLOW, RED or UNKNOWN
 * @param newCategory for a category update, the new category
 * @param receivedAt when the webhook reached the gateway
 */
public record TemplateEventReported(String wabaId, String metaTemplateId, String name, String language, Field field,
		String event, String reason, String detail, String newQuality, String newCategory, Instant receivedAt) {

	/** The webhook fields that carry changes to templates. */
	public enum Field {

		MESSAGE_TEMPLATE_STATUS_UPDATE("message_template_status_update"),

		MESSAGE_TEMPLATE_QUALITY_UPDATE("message_template_quality_update"),

		TEMPLATE_CATEGORY_UPDATE("template_category_update");

		private final String webhookField;

		Field(String webhookField) {
			this.webhookField = webhookField;
		}

		/** The name of the field in Meta's webhook ({@code changes[].field}). */
		public String webhookField() {
			return this.webhookField;
		}

		/** The field of this name, or empty for a field that is not about templates. */
		public static Optional<Field> of(String webhookField) {
			return Arrays.stream(values()).filter((field) -> field.webhookField.equals(webhookField)).findFirst();
		}

	}

}
