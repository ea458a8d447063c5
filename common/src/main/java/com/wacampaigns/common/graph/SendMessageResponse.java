package com.wacampaigns.common.graph;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The 200 answer to a send: accepted, not yet delivered.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SendMessageResponse(@JsonProperty("messaging_product") String messagingProduct, List<Contact> contacts,
		List<Message> messages) {

	public static SendMessageResponse accepted(String input, String waId, String wamid) {
		return new SendMessageResponse("whatsapp", List.of(new Contact(input, waId)),
				List.of(new Message(wamid, "accepted")));
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Contact(String input, @JsonProperty("wa_id") String waId) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Message(String id, @JsonProperty("message_status") String messageStatus) {

	}

}
