package com.wacampaigns.common.events;

import java.util.Arrays;
import java.util.Optional;

/** What a webhook endpoint may subscribe to. */
public enum OutboundEventType {

	CAMPAIGN_STATUS_CHANGED("campaign.status_changed",
			"A campaign moved from one status to another (paused, resumed, stopped, completed, ...), with the reason"),

	CAMPAIGN_COMPLETED("campaign.completed", "A campaign ended with every recipient settled, with its final counters"),

	MESSAGE_STATUS("message.status",
			"A recipient's message reached a new state: accepted, sent, delivered, read, failed (with Meta's code) or skipped;"
					+ " batched, up to a hundred per request"),

	MESSAGE_RECEIVED("message.received", "Someone replied to one of your numbers"),

	CONTACT_OPTED_OUT("contact.opted_out",
			"A number opted out of your campaigns (a STOP reply, Meta's marketing preference, Meta's 131050, or you)"),

	CONTACT_OPTED_IN("contact.opted_in", "A number that had opted out opted back in");

	private final String word;

	private final String description;

	OutboundEventType(String word, String description) {
		this.word = word;
		this.description = description;
	}

	/** As endpoints name it: {@code message.status}. */
	public String word() {
		return this.word;
	}

	public String description() {
		return this.description;
	}

	public static Optional<OutboundEventType> ofWord(String word) {
		return Arrays.stream(values()).filter((type) -> type.word.equals(word)).findFirst();
	}

}
