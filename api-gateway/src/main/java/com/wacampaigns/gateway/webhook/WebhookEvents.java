package com.wacampaigns.gateway.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.wacampaigns.common.MessagingTier;
import com.wacampaigns.common.RecipientStatus;
import com.wacampaigns.common.events.AccountEventReported;
import com.wacampaigns.common.events.StatusReported;
import com.wacampaigns.common.events.TemplateEventReported;
import com.wacampaigns.common.graph.CallbackData;
import com.wacampaigns.common.graph.WebhookPayload;

/**
 * Turns Meta's webhook envelope into normalised events: every entry, every change, every
 * status; and every change of a template.
 */
final class WebhookEvents {

	private WebhookEvents() {
	}

	/** Every status with the business number the webhook says it is about. */
	static List<Reported> reported(WebhookPayload payload) {
		List<Reported> events = new ArrayList<>();
		for (WebhookPayload.Entry entry : nullSafe(payload.entry())) {
			for (WebhookPayload.Change change : nullSafe(entry.changes())) {
				if (change.value() == null) {
					continue;
				}
				String phoneNumberId = (change.value().metadata() != null) ? change.value().metadata().phoneNumberId()
						: null;
				for (WebhookPayload.Status status : nullSafe(change.value().statuses())) {
					toEvent(status).ifPresent((event) -> events.add(new Reported(phoneNumberId, event)));
				}
			}
		}
		return events;
	}

	/**
	 * Every change of a template field ({@code message_template_status_update},
	 * {@code message_template_quality_update}, {@code template_category_update}), of the
	 * account the entry names.
	 */
	static List<TemplateEventReported> templateEvents(WebhookPayload payload) {
		Instant received = Instant.now();
		List<TemplateEventReported> events = new ArrayList<>();
		for (WebhookPayload.Entry entry : nullSafe(payload.entry())) {
			for (WebhookPayload.Change change : nullSafe(entry.changes())) {
				Optional<TemplateEventReported.Field> field = TemplateEventReported.Field.of(change.field());
				WebhookPayload.Value value = change.value();
				if (field.isEmpty() || value == null) {
					continue;
				}
				events.add(new TemplateEventReported(entry.id(),
						(value.messageTemplateId() != null) ? value.messageTemplateId().toString() : null,
						value.messageTemplateName(), language(value.messageTemplateLanguage()), field.get(),
						value.event(), value.reason(), detail(value.otherInfo()), value.newQualityScore(),
						value.newCategory(), received));
			}
		}
		return events;
	}

	/**
	 * Every change of a number's quality or throughput
	 * ({@code phone_number_quality_update}) and of the portfolio's messaging limit
	 * ({@code business_capability_update}).
	 */
	static List<AccountEventReported> accountEvents(WebhookPayload payload) {
		Instant received = Instant.now();
		List<AccountEventReported> events = new ArrayList<>();
		for (WebhookPayload.Entry entry : nullSafe(payload.entry())) {
			for (WebhookPayload.Change change : nullSafe(entry.changes())) {
				Optional<AccountEventReported.Field> field = AccountEventReported.Field.of(change.field());
				WebhookPayload.Value value = change.value();
				if (field.isEmpty() || value == null) {
					continue;
				}
				// The limit: a name or a number in max_daily_conversations_per_business,
				// or
				// the older current_limit; on a throughput upgrade it speaks of
				// throughput.
				Object limit = (value.maxDailyConversationsPerBusiness() != null)
						? value.maxDailyConversationsPerBusiness() : value.currentLimit();
				String tier = "THROUGHPUT_UPGRADE".equals(value.event()) ? null
						: MessagingTier.parse(limit).map(MessagingTier::name).orElse(null);
				events.add(new AccountEventReported(entry.id(), field.get(), value.displayPhoneNumber(), value.event(),
						tier, received));
			}
		}
		return events;
	}

	/**
	 * Template events are keyed by account, so that one account's are applied in order.
	 */
	static String key(TemplateEventReported event) {
		return event.wabaId();
	}

	/** The webhooks write {@code en-US} where the Graph API says {@code en_US}. */
	static String language(String language) {
		return (language != null) ? language.replace('-', '_') : null;
	}

	private static String detail(WebhookPayload.OtherInfo info) {
		if (info == null || (info.title() == null && info.description() == null)) {
			return null;
		}
		if (info.title() == null || info.description() == null) {
			return (info.title() != null) ? info.title() : info.description();
		}
		return info.title() + ": " + info.description();
	}

	/**
	 * A status as the webhook reported it.
	 *
	 * @param phoneNumberId the business number of the webhook's {@code metadata}
	 */
	record Reported(String phoneNumberId, StatusReported event) {

		/** The same status without the ids its callback data claimed. */
		Reported withoutIds() {
			return new Reported(this.phoneNumberId,
					new StatusReported(null, null, this.event.wamid(), this.event.status(), this.event.occurredAt(),
							this.event.errorCode(), this.event.errorMessage(), this.event.source()));
		}

	}

	private static Optional<StatusReported> toEvent(WebhookPayload.Status status) {
		RecipientStatus mapped = switch (String.valueOf(status.status())) {
			case "sent" -> RecipientStatus.SENT;
			case "delivered" -> RecipientStatus.DELIVERED;
			case "read", "played" -> RecipientStatus.READ;
			case "failed" -> RecipientStatus.FAILED;
			default -> null;
		};
		if (mapped == null) {
			return Optional.empty();
		}
		Optional<CallbackData> ids = CallbackData.parse(status.bizOpaqueCallbackData());
		WebhookPayload.StatusError error = (status.errors() != null && !status.errors().isEmpty())
				? status.errors().get(0) : null;
		return Optional.of(new StatusReported(ids.map(CallbackData::campaignId).orElse(null),
				ids.map(CallbackData::recipientId).orElse(null), status.id(), mapped, timestamp(status.timestamp()),
				(error != null) ? error.code() : null, (error != null) ? describe(error) : null,
				StatusReported.Source.WEBHOOK));
	}

	/** The Kafka key: the campaign when known, so that its counters have one writer. */
	static String key(StatusReported event) {
		UUID campaign = event.campaignId();
		return (campaign != null) ? campaign.toString() : event.wamid();
	}

	private static String describe(WebhookPayload.StatusError error) {
		if (error.message() != null && error.title() != null && !error.message().equals(error.title())) {
			return error.title() + ": " + error.message();
		}
		return (error.title() != null) ? error.title() : error.message();
	}

	private static Instant timestamp(String unixSeconds) {
		try {
			return Instant.ofEpochSecond(Long.parseLong(unixSeconds));
		}
		catch (NumberFormatException | NullPointerException ex) {
			return Instant.now();
		}
	}

	private static <T> List<T> nullSafe(List<T> list) {
		return (list != null) ? list : List.of();
	}

}
