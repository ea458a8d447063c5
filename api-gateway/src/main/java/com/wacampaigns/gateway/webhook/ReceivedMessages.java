package com.wacampaigns.gateway.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.events.OutboundEvent;
import com.wacampaigns.common.events.OutboundEventType;
import com.wacampaigns.common.graph.CallbackData;
import com.wacampaigns.common.graph.WebhookPayload;

/**
 * Replies to the users' numbers, as {@code message.received} events for their owners'
 * webhook endpoints: who wrote, what, and the campaign message it answers when it answers
 * one. The event's id is made of Meta's message id, so a webhook Meta sends twice makes
 * one event.
 */
@Component
class ReceivedMessages {

	private static final String OWNERS = """
			SELECT phone_number_id, user_id FROM senders WHERE phone_number_id = ANY(:ids::text[])
			""";

	private final JdbcClient jdbc;

	private final JdbcMessageLookup messages;

	ReceivedMessages(JdbcClient jdbc, JdbcMessageLookup messages) {
		this.jdbc = jdbc;
		this.messages = messages;
	}

	List<OutboundEvent> of(WebhookPayload payload) {
		List<Received> received = new ArrayList<>();
		for (WebhookPayload.Entry entry : nullSafe(payload.entry())) {
			for (WebhookPayload.Change change : nullSafe(entry.changes())) {
				WebhookPayload.Value value = change.value();
				if (value == null || value.metadata() == null) {
					continue;
				}
				for (WebhookPayload.InboundMessage message : nullSafe(value.messages())) {
					if (message.id() != null && message.from() != null) {
						received.add(new Received(value.metadata().phoneNumberId(),
								value.metadata().displayPhoneNumber(), message));
					}
				}
			}
		}
		if (received.isEmpty()) {
			return List.of();
		}
		Map<String, UUID> owners = owners(received.stream().map(Received::phoneNumberId).distinct().toList());
		Map<String, CallbackData> answered = this.messages.byWamid(received.stream()
			.map((r) -> (r.message().context() != null) ? r.message().context().id() : null)
			.filter(Objects::nonNull)
			.distinct()
			.toList());
		List<OutboundEvent> events = new ArrayList<>();
		for (Received r : received) {
			UUID owner = owners.get(r.phoneNumberId());
			if (owner != null) {
				events.add(event(owner, r, answered));
			}
		}
		return events;
	}

	private static OutboundEvent event(UUID owner, Received received, Map<String, CallbackData> answered) {
		WebhookPayload.InboundMessage message = received.message();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("wamid", message.id());
		data.put("from", message.from());
		data.put("to_phone_number_id", received.phoneNumberId());
		data.put("to_display_phone_number", received.displayPhoneNumber());
		data.put("type", message.type());
		if (message.text() != null) {
			data.put("text", message.text().body());
		}
		if (message.button() != null) {
			data.put("button", Map.of("text", String.valueOf(message.button().text()), "payload",
					String.valueOf(message.button().payload())));
		}
		Instant at = sentAt(message.timestamp());
		data.put("at", at);
		if (message.context() != null && message.context().id() != null) {
			Map<String, Object> inReplyTo = new LinkedHashMap<>();
			inReplyTo.put("wamid", message.context().id());
			CallbackData ours = answered.get(message.context().id());
			if (ours != null) {
				inReplyTo.put("campaign_id", ours.campaignId());
				inReplyTo.put("recipient_id", ours.recipientId());
			}
			data.put("in_reply_to", inReplyTo);
		}
		String type = OutboundEventType.MESSAGE_RECEIVED.word();
		return new OutboundEvent(OutboundEvent.idOf(type, message.id()), type, owner, at, data);
	}

	private Map<String, UUID> owners(List<String> phoneNumberIds) {
		Map<String, UUID> owners = new LinkedHashMap<>();
		this.jdbc.sql(OWNERS)
			.param("ids", phoneNumberIds.stream().filter(Objects::nonNull).toArray(String[]::new))
			.query((rs) -> {
				owners.put(rs.getString("phone_number_id"), rs.getObject("user_id", UUID.class));
			});
		return owners;
	}

	private static Instant sentAt(String unixSeconds) {
		try {
			return (unixSeconds != null) ? Instant.ofEpochSecond(Long.parseLong(unixSeconds.strip())) : Instant.now();
		}
		catch (NumberFormatException ex) {
			return Instant.now();
		}
	}

	private static <T> List<T> nullSafe(List<T> list) {
		return (list != null) ? list : List.of();
	}

	private record Received(String phoneNumberId, String displayPhoneNumber, WebhookPayload.InboundMessage message) {

	}

}
