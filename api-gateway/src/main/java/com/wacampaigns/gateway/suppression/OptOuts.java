package com.wacampaigns.gateway.suppression;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

import com.wacampaigns.common.graph.WebhookPayload;
import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.suppression.JdbcSuppressionRepository.Action;
import com.wacampaigns.gateway.suppression.JdbcSuppressionRepository.OptOutEvent;
import com.wacampaigns.gateway.suppression.JdbcSuppressionRepository.Source;

/**
 * Opt-outs and opt-ins that arrive by webhook: a reply such as "STOP" (any case,
 * configurable keywords in several languages) or a {@code user_preferences} change adds
 * the number to the suppression list of the user who owns the business number; "START" or
 * {@code resume} lifts it, unless the owner or Meta's 131050 put it there. Meta retries
 * webhooks and does not order them, so each change counts at the time the user made it:
 * one older than the number's last change is recorded and changes nothing. A change
 * applies to every form of the number ({@link WaIdForms}).
 */
@Service
public class OptOuts {

	private static final Logger log = LoggerFactory.getLogger(OptOuts.class);

	private final JdbcSuppressionRepository suppressions;

	private final Set<String> stopKeywords;

	private final Set<String> resumeKeywords;

	OptOuts(JdbcSuppressionRepository suppressions, GatewayProperties properties) {
		this.suppressions = suppressions;
		this.stopKeywords = normalised(properties.optOut().stopKeywords());
		this.resumeKeywords = normalised(properties.optOut().resumeKeywords());
	}

	/** Applies every opt-out and opt-in in the payload; returns how many there were. */
	public int apply(WebhookPayload payload) {
		OffsetDateTime received = OffsetDateTime.now(ZoneOffset.UTC);
		int found = 0;
		for (WebhookPayload.Entry entry : nullSafe(payload.entry())) {
			for (WebhookPayload.Change change : nullSafe(entry.changes())) {
				WebhookPayload.Value value = change.value();
				if (value == null || value.metadata() == null) {
					continue;
				}
				UUID owner = this.suppressions.ownerOfSender(value.metadata().phoneNumberId()).orElse(null);
				if (owner == null) {
					continue;
				}
				for (WebhookPayload.InboundMessage message : nullSafe(value.messages())) {
					found += applyToEveryForm(owner, message.from(), reply(message, received));
				}
				for (WebhookPayload.UserPreference preference : nullSafe(value.userPreferences())) {
					found += applyToEveryForm(owner, preference.waId(), preference(preference, received));
				}
			}
		}
		return found;
	}

	private int applyToEveryForm(UUID owner, String waId, Optional<OptOutEvent> event) {
		if (waId == null || event.isEmpty()) {
			return 0;
		}
		int applied = 0;
		for (String phone : WaIdForms.of(waId)) {
			if (this.suppressions.applyInOrder(owner, phone, event.get())) {
				applied++;
			}
		}
		if (applied == 0) {
			log.info("A {} sent at {} was recorded but not applied: the number had changed later", event.get().action(),
					event.get().at());
		}
		else if (event.get().action() == Action.STOP) {
			log.info("A recipient opted out ({})", event.get().detail());
		}
		return 1;
	}

	private Optional<OptOutEvent> reply(WebhookPayload.InboundMessage message, OffsetDateTime received) {
		String said = (message.text() != null) ? message.text().body()
				: (message.button() != null) ? message.button().text() : null;
		if (said == null) {
			return Optional.empty();
		}
		String keyword = keyword(said);
		Action action = this.stopKeywords.contains(keyword) ? Action.STOP
				: this.resumeKeywords.contains(keyword) ? Action.RESUME : null;
		if (action == null) {
			return Optional.empty();
		}
		return Optional.of(new OptOutEvent(action, Source.REPLY, sentAt(seconds(message.timestamp()), received),
				"Replied " + said.strip()));
	}

	private Optional<OptOutEvent> preference(WebhookPayload.UserPreference preference, OffsetDateTime received) {
		Action action = switch (String.valueOf(preference.value()).toLowerCase(Locale.ROOT)) {
			case "stop" -> Action.STOP;
			case "resume" -> Action.RESUME;
			default -> null;
		};
		if (action == null) {
			return Optional.empty();
		}
		String change = (action == Action.STOP) ? "Stopped marketing messages" : "Resumed marketing messages";
		String detail = (preference.detail() != null) ? ": " + preference.detail() : "";
		return Optional.of(new OptOutEvent(action, Source.USER_PREFERENCES, sentAt(preference.timestamp(), received),
				change + detail));
	}

	/** Meta's unix seconds; the time the webhook arrived when it carries none. */
	private static OffsetDateTime sentAt(Long seconds, OffsetDateTime received) {
		return (seconds != null) ? Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC) : received;
	}

	private static Long seconds(String timestamp) {
		try {
			return (timestamp != null) ? Long.valueOf(timestamp.strip()) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** " Stop. " and "stop!" are the keyword STOP; a longer sentence is not a keyword. */
	private static String keyword(String said) {
		return said.strip().replaceAll("[\\p{Punct}\\s]+$", "").toUpperCase(Locale.ROOT);
	}

	private static Set<String> normalised(Set<String> keywords) {
		return keywords.stream().map(OptOuts::keyword).collect(Collectors.toUnmodifiableSet());
	}

	private static <T> List<T> nullSafe(List<T> list) {
		return (list != null) ? list : List.of();
	}

}
