package com.wacampaigns.common.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Something a user's webhook endpoints may be told, on {@code outbound.events} keyed by
 * the user. {@code data} is the event's body as endpoints receive it.
 *
 * @param id the event's id, the same however often it is published, so that an endpoint
 * can drop a repeat
 * @param type what happened: an {@link OutboundEventType}'s word, or
 * {@code endpoint.test}
 * @param userId whose it is: only that user's endpoints hear of it
 * @param createdAt when it happened
 * @param data what endpoints receive as the event's {@code data}
 */
public record OutboundEvent(String id, String type, @JsonProperty("user_id") UUID userId,
		@JsonProperty("created_at") Instant createdAt, Map<String, Object> data) {

	/**
	 * An id made from what the event is about, for producers that may publish one event
	 * twice (after a crash, or when Meta repeats a webhook): {@code evt_} and 32 hex
	 * digits.
	 */
	public static String idOf(String... parts) {
		UUID uuid = UUID.nameUUIDFromBytes(String.join("\u001f", parts).getBytes(StandardCharsets.UTF_8));
		return "evt_" + uuid.toString().replace("-", "");
	}

}
