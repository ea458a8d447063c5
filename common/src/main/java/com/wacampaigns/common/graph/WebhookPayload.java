package com.wacampaigns.common.graph;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The envelope of a WhatsApp webhook POST. Every list can hold several items; Meta
 * batches up to 1,000 updates in one POST.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookPayload(String object, List<Entry> entry) {

	public static final String OBJECT = "whatsapp_business_account";

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Entry(String id, List<Change> changes) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Change(String field, Value value) {

	}

	/**
	 * What a change says. Fields {@code messages} (statuses, inbound messages) and
	 * {@code user_preferences} fill the first five; the template fields
	 * ({@code message_template_status_update}, {@code message_template_quality_update},
	 * {@code template_category_update}) the rest.
	 *
	 * @param event a template's new status: APPROVED, REJECTED, PAUSED, DISABLED, ...
	 * @param messageTemplateId Meta's id of the template (a number here)
	 * @param messageTemplateLanguage sometimes written {@code en-US}, where the API says
	 * {@code en_US}
	 * @param otherInfo for a pause: FIRST_PAUSE, SECOND_PAUSE, RATE_LIMITING_PAUSE,
	 * UNPAUSE, DISABLED, and why
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Value(@JsonProperty("messaging_product") String messagingProduct, Metadata metadata,
			List<Status> statuses, List<InboundMessage> messages,
			@JsonProperty("user_preferences") List<UserPreference> userPreferences, String event,
			@JsonProperty("message_template_id") Long messageTemplateId,
			@JsonProperty("message_template_name") String messageTemplateName,
			@JsonProperty("message_template_language") String messageTemplateLanguage, String reason,
			@JsonProperty("message_template_category") String messageTemplateCategory,
			@JsonProperty("other_info") OtherInfo otherInfo,
			@JsonProperty("previous_quality_score") String previousQualityScore,
			@JsonProperty("new_quality_score") String newQualityScore,
			@JsonProperty("previous_category") String previousCategory,
			@JsonProperty("new_category") String newCategory,
			@JsonProperty("display_phone_number") String displayPhoneNumber,
			@JsonProperty("current_limit") String currentLimit,
			@JsonProperty("max_daily_conversations_per_business") Object maxDailyConversationsPerBusiness) {

		/** A {@code messages} or {@code user_preferences} change. */
		public Value(String messagingProduct, Metadata metadata, List<Status> statuses, List<InboundMessage> messages,
				List<UserPreference> userPreferences) {
			this(messagingProduct, metadata, statuses, messages, userPreferences, null, null, null, null, null, null,
					null, null, null, null, null, null, null, null);
		}

		/**
		 * A template change. Disabled as a JSON creator, so that JSON binds to the
		 * canonical constructor only.
		 */
		@JsonCreator(mode = JsonCreator.Mode.DISABLED)
		public Value(String messagingProduct, Metadata metadata, List<Status> statuses, List<InboundMessage> messages,
				List<UserPreference> userPreferences, String event, Long messageTemplateId, String messageTemplateName,
				String messageTemplateLanguage, String reason, String messageTemplateCategory, OtherInfo otherInfo,
				String previousQualityScore, String newQualityScore, String previousCategory, String newCategory) {
			this(messagingProduct, metadata, statuses, messages, userPreferences, event, messageTemplateId,
					messageTemplateName, messageTemplateLanguage, reason, messageTemplateCategory, otherInfo,
					previousQualityScore, newQualityScore, previousCategory, newCategory, null, null, null);
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record OtherInfo(String title, String description) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Metadata(@JsonProperty("display_phone_number") String displayPhoneNumber,
			@JsonProperty("phone_number_id") String phoneNumberId) {

	}

	/**
	 * One status update. {@code timestamp} is unix seconds as a string.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Status(String id, String status, String timestamp, @JsonProperty("recipient_id") String recipientId,
			@JsonProperty("biz_opaque_callback_data") String bizOpaqueCallbackData, List<StatusError> errors) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record StatusError(int code, String title, String message) {

	}

	/**
	 * A message from a user: {@code type} {@code text} has {@code text.body}; a
	 * quick-reply tap, {@code button.text} and {@code button.payload}.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record InboundMessage(String from, String id, String timestamp, String type, Text text, Button button,
			Context context) {

	}

	/**
	 * The message a reply answers (a quick-reply button's, for one): its sender and
	 * wamid.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Context(String from, String id) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Text(String body) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Button(String payload, String text) {

	}

	/**
	 * A marketing opt-out or resume, on field {@code user_preferences}: {@code value} is
	 * {@code stop} or {@code resume}.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record UserPreference(@JsonProperty("wa_id") String waId, String detail, String category, String value,
			Long timestamp) {

	}

}
