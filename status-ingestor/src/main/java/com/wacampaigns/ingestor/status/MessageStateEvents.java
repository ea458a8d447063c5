package com.wacampaigns.ingestor.status;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import com.wacampaigns.common.Topics;
import com.wacampaigns.common.events.OutboundEvent;
import com.wacampaigns.common.events.OutboundEventType;

/**
 * Tells users' webhook endpoints the message states a batch applied: one
 * {@code message.status} event per transition on {@code outbound.events}, acknowledged
 * before the batch's transaction commits. A batch that fails after publishing is applied
 * again and publishes the same events with the same ids; one that committed is not
 * applied again, so each state is published once, or again only under its own id.
 */
@Component
class MessageStateEvents {

	private static final TypeReference<List<Told>> TOLD = new TypeReference<>() {
	};

	private final KafkaTemplate<String, String> kafka;

	private final JsonMapper json;

	MessageStateEvents(KafkaTemplate<String, String> kafka, JsonMapper json) {
		this.kafka = kafka;
		this.json = json;
	}

	/**
	 * @param told the applied transitions to tell of, as the apply statement lists them,
	 * or {@code null} for none
	 * @return events published
	 */
	int publish(String told) {
		if (told == null) {
			return 0;
		}
		List<Told> transitions = this.json.readValue(told, TOLD);
		CompletableFuture
			.allOf(transitions.stream()
				.map((transition) -> this.kafka.send(Topics.OUTBOUND_EVENTS, transition.userId().toString(),
						this.json.writeValueAsString(transition.event())))
				.toArray(CompletableFuture[]::new))
			.join();
		return transitions.size();
	}

	/** One applied transition, as the apply statement writes it. */
	record Told(@JsonProperty("user_id") UUID userId, @JsonProperty("campaign_id") UUID campaignId,
			@JsonProperty("recipient_id") UUID recipientId, String phone, String wamid, String status,
			OffsetDateTime at, @JsonProperty("error_code") Integer errorCode,
			@JsonProperty("error_message") String errorMessage) {

		/**
		 * The event, its id made of the recipient and the state: a failure whose outcome
		 * was unknown and the failure Meta reports later are two events.
		 */
		OutboundEvent event() {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("campaign_id", this.campaignId);
			data.put("recipient_id", this.recipientId);
			data.put("phone", this.phone);
			data.put("wamid", this.wamid);
			data.put("status", this.status.toLowerCase(Locale.ROOT));
			data.put("at", this.at.toInstant());
			if (this.errorCode != null || this.errorMessage != null) {
				Map<String, Object> error = new LinkedHashMap<>();
				error.put("code", this.errorCode);
				error.put("message", this.errorMessage);
				data.put("error", error);
			}
			String type = OutboundEventType.MESSAGE_STATUS.word();
			return new OutboundEvent(OutboundEvent.idOf(type, this.recipientId.toString(), this.status,
					Objects.toString(this.errorCode)), type, this.userId, this.at.toInstant(), data);
		}

	}

}
