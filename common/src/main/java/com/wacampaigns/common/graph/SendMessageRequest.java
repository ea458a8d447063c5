package com.wacampaigns.common.graph;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /v{N}/{phone-number-id}/messages} for a template message.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendMessageRequest(@JsonProperty("messaging_product") String messagingProduct,
		@JsonProperty("recipient_type") String recipientType, String to, String type, Template template,
		@JsonProperty("biz_opaque_callback_data") String bizOpaqueCallbackData) {

	public static SendMessageRequest template(String to, String name, String languageCode, List<String> bodyTexts,
			String callbackData) {
		List<Component> components = bodyTexts.isEmpty() ? List.of()
				: List.of(new Component("body", bodyTexts.stream().map(Parameter::text).toList()));
		return new SendMessageRequest("whatsapp", "individual", to, "template",
				new Template(name, new Language(languageCode), components), callbackData);
	}

	public record Template(String name, Language language, List<Component> components) {

	}

	public record Language(String code) {

	}

	public record Component(String type, List<Parameter> parameters) {

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Parameter(String type, String text, @JsonProperty("parameter_name") String parameterName) {

		static Parameter text(String text) {
			return new Parameter("text", text, null);
		}

	}

}
