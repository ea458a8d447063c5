package com.wacampaigns.gateway.template;

import java.util.Locale;
import java.util.Set;

/**
 * Meta's template statuses and categories as the schema takes them, and what each status
 * event of Meta's webhooks does to a template.
 */
final class TemplateStatuses {

	/** The statuses of Meta's list; the schema's check constraint takes these. */
	static final Set<String> OF_META = Set.of("APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED", "IN_APPEAL",
			"PENDING_DELETION", "DELETED", "ARCHIVED", "LIMIT_EXCEEDED");

	static final Set<String> CATEGORIES = Set.of("MARKETING", "UTILITY", "AUTHENTICATION");

	private TemplateStatuses() {
	}

	/** What a {@code message_template_status_update} event does to the template. */
	static Change afterEvent(String event) {
		String upper = (event != null) ? event.toUpperCase(Locale.ROOT) : "";
		return switch (upper) {
			case "APPROVED", "REJECTED", "PENDING", "PAUSED", "DISABLED", "IN_APPEAL", "ARCHIVED", "PENDING_DELETION",
					"DELETED" ->
				new Change.To(upper);
			// A paused or disabled template that may be sent again.
			case "REINSTATED" -> new Change.To("APPROVED");
			// Warnings and edit locks: the template is sent as before.
			case "FLAGGED", "LOCKED", "UNLOCKED" -> new Change.Unchanged();
			// UNARCHIVED restores whatever status the template had; LIMIT_EXCEEDED is
			// about
			// the account. Meta's list says what became of the template.
			default -> new Change.AskMeta();
		};
	}

	/** What a status event means for the row. */
	sealed interface Change {

		/** The template is now in {@code status}. */
		record To(String status) implements Change {

		}

		/** The status stays as it is. */
		record Unchanged() implements Change {

		}

		/** The event does not say the new status: the account is synced. */
		record AskMeta() implements Change {

		}

	}

}
