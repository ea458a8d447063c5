package com.wacampaigns.gateway.suppression;

import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.wacampaigns.common.graph.WebhookPayload;
import com.wacampaigns.gateway.GatewayProperties;

/**
 * Opt-outs and opt-ins that arrive by webhook: a reply such as "STOP" (any case,
 * configurable keywords in several languages) or a {@code user_preferences} change adds
 * the number to the suppression list of the user who owns the business number; "START" or
 * {@code resume} removes it.
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
		int applied = 0;
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
					applied += reply(owner, message);
				}
				for (WebhookPayload.UserPreference preference : nullSafe(value.userPreferences())) {
					applied += preference(owner, preference);
				}
			}
		}
		return applied;
	}

	private int reply(UUID owner, WebhookPayload.InboundMessage message) {
		String said = (message.text() != null) ? message.text().body()
				: (message.button() != null) ? message.button().text() : null;
		if (said == null || message.from() == null) {
			return 0;
		}
		String keyword = keyword(said);
		if (this.stopKeywords.contains(keyword)) {
			this.suppressions.add(owner, e164(message.from()), "Replied " + said.strip());
			log.info("A recipient opted out by replying {}", keyword);
			return 1;
		}
		if (this.resumeKeywords.contains(keyword)) {
			this.suppressions.remove(owner, e164(message.from()));
			return 1;
		}
		return 0;
	}

	private int preference(UUID owner, WebhookPayload.UserPreference preference) {
		if (preference.waId() == null || preference.value() == null) {
			return 0;
		}
		if (preference.value().equalsIgnoreCase("stop")) {
			this.suppressions.add(owner, e164(preference.waId()),
					"Stopped marketing messages" + ((preference.detail() != null) ? ": " + preference.detail() : ""));
			return 1;
		}
		if (preference.value().equalsIgnoreCase("resume")) {
			this.suppressions.remove(owner, e164(preference.waId()));
			return 1;
		}
		return 0;
	}

	/** " Stop. " and "stop!" are the keyword STOP; a longer sentence is not a keyword. */
	private static String keyword(String said) {
		return said.strip().replaceAll("[\\p{Punct}\\s]+$", "").toUpperCase(Locale.ROOT);
	}

	private static String e164(String waId) {
		return waId.startsWith("+") ? waId : "+" + waId;
	}

	private static Set<String> normalised(Set<String> keywords) {
		return keywords.stream().map(OptOuts::keyword).collect(Collectors.toUnmodifiableSet());
	}

	private static <T> List<T> nullSafe(List<T> list) {
		return (list != null) ? list : List.of();
	}

}
