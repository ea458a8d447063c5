package com.wacampaigns.common.graph;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /v{N}/{phone-number-id}/messages} for a template message.
 * {@code template.components} holds only the parts of the template that take values: a
 * {@code header} (a media, location or text parameter), the {@code body} (text, currency
 * or date-time parameters, named ones with {@code parameter_name}), one {@code button}
 * per button that takes a value ({@code sub_type} and {@code index} in the template's
 * button order), and for a media card carousel a {@code carousel} holding one card for
 * each of the template's cards, each with its own header, body and buttons.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendMessageRequest(@JsonProperty("messaging_product") String messagingProduct,
		@JsonProperty("recipient_type") String recipientType, String to, String type, Template template,
		@JsonProperty("biz_opaque_callback_data") String bizOpaqueCallbackData) {

	public static SendMessageRequest template(String to, String name, String languageCode, List<String> bodyTexts,
			String callbackData) {
		return template(to, new Template(name, new Language(languageCode), Component.body(bodyTexts)), callbackData);
	}

	/** A template message with any components: header, body and buttons. */
	public static SendMessageRequest template(String to, Template template, String callbackData) {
		return new SendMessageRequest("whatsapp", "individual", to, "template", template, callbackData);
	}

	public record Template(String name, Language language, List<Component> components) {

	}

	public record Language(String code) {

	}

	/**
	 * The values of one part of the template.
	 *
	 * @param type {@code header}, {@code body}, {@code button} or {@code carousel}
	 * @param subType a button's kind: {@code url}, {@code quick_reply} or
	 * {@code copy_code}
	 * @param index a button's position among the template's (or the card's) buttons, from
	 * {@code "0"}
	 * @param cards a carousel's values, one card for every card of the template
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Component(String type, @JsonProperty("sub_type") String subType, String index,
			List<Parameter> parameters, List<Card> cards) {

		/**
		 * A header or body component. Disabled as a JSON creator, so that JSON binds to
		 * the canonical constructor only.
		 */
		@JsonCreator(mode = JsonCreator.Mode.DISABLED)
		public Component(String type, List<Parameter> parameters) {
			this(type, null, null, parameters, null);
		}

		/** A carousel's values, card by card. */
		public static Component carousel(List<Card> cards) {
			return new Component("carousel", null, null, null, cards);
		}

		/**
		 * A body of positional text values, as the only component; none for no values.
		 */
		public static List<Component> body(List<String> texts) {
			return texts.isEmpty() ? List.of()
					: List.of(new Component("body", texts.stream().map(Parameter::text).toList()));
		}

		/** The values of the button at {@code index} of the template's buttons. */
		public static Component button(String subType, int index, List<Parameter> parameters) {
			return new Component("button", subType, Integer.toString(index), parameters, null);
		}

	}

	/**
	 * The values of one card of a carousel: its header's media, its body's values, its
	 * buttons' values.
	 *
	 * @param cardIndex the card's position among the template's cards, from 0
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Card(@JsonProperty("card_index") int cardIndex, List<Component> components) {

	}

	/**
	 * One value; {@code type} says which of the other fields holds it: {@code text},
	 * {@code image}, {@code video}, {@code document}, {@code location}, {@code payload}
	 * (a quick reply's), {@code coupon_code}, {@code currency} or {@code date_time}.
	 *
	 * @param parameterName the variable's name in a template with NAMED parameters
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Parameter(String type, String text, @JsonProperty("parameter_name") String parameterName, Media image,
			Media video, Media document, Location location, String payload,
			@JsonProperty("coupon_code") String couponCode, Currency currency,
			@JsonProperty("date_time") DateTime dateTime) {

		/**
		 * A text parameter, named or not. Disabled as a JSON creator, so that JSON binds
		 * to the canonical constructor only.
		 */
		@JsonCreator(mode = JsonCreator.Mode.DISABLED)
		public Parameter(String type, String text, String parameterName) {
			this(type, text, parameterName, null, null, null, null, null, null, null, null);
		}

		public static Parameter text(String text) {
			return new Parameter("text", text, null);
		}

		/** A text value for the variable {@code {{name}}}. */
		public static Parameter namedText(String name, String text) {
			return new Parameter("text", text, name);
		}

		public static Parameter image(Media image) {
			return new Parameter("image", null, null, image, null, null, null, null, null, null, null);
		}

		public static Parameter video(Media video) {
			return new Parameter("video", null, null, null, video, null, null, null, null, null, null);
		}

		public static Parameter document(Media document) {
			return new Parameter("document", null, null, null, null, document, null, null, null, null, null);
		}

		public static Parameter location(Location location) {
			return new Parameter("location", null, null, null, null, null, location, null, null, null, null);
		}

		/** What a quick-reply button sends back in the {@code button} webhook. */
		public static Parameter payload(String payload) {
			return new Parameter("payload", null, null, null, null, null, null, payload, null, null, null);
		}

		/**
		 * An amount that WhatsApp may show in the recipient's locale.
		 * @param parameterName the variable's name in a NAMED template, or null
		 */
		public static Parameter currency(String parameterName, Currency currency) {
			return new Parameter("currency", null, parameterName, null, null, null, null, null, null, currency, null);
		}

		/**
		 * A date, shown as its fallback value.
		 * @param parameterName the variable's name in a NAMED template, or null
		 */
		public static Parameter dateTime(String parameterName, DateTime dateTime) {
			return new Parameter("date_time", null, parameterName, null, null, null, null, null, null, null, dateTime);
		}

		public static Parameter couponCode(String couponCode) {
			return new Parameter("coupon_code", null, null, null, null, null, null, null, couponCode, null, null);
		}

	}

	/**
	 * A header's media: an uploaded media {@code id} or a public {@code link} (HTTP or
	 * HTTPS).
	 *
	 * @param filename the name a document is shown with
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Media(String id, String link, String filename) {

		public static Media link(String link) {
			return new Media(null, link, null);
		}

	}

	/** A LOCATION header's place; Meta's examples write the coordinates as strings. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Location(String latitude, String longitude, String name, String address) {

	}

	/**
	 * @param fallbackValue the text shown where the amount cannot be localised
	 * @param code ISO 4217 currency code
	 * @param amount1000 the amount times 1,000
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Currency(@JsonProperty("fallback_value") String fallbackValue, String code,
			@JsonProperty("amount_1000") Long amount1000) {

	}

	/**
	 * @param fallbackValue the date as shown, Meta no longer localises it
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record DateTime(@JsonProperty("fallback_value") String fallbackValue) {

	}

}
