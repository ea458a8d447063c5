package com.wacampaigns.common.template;

/**
 * One value a send of a template takes, under the readable name that a CSV column and a
 * JSON parameter use: {@code header_image_url}, {@code first_name} or {@code body_1},
 * {@code button_0_url_suffix}, {@code button_1_payload}.
 *
 * @param name the column's and parameter's name
 * @param part where the value goes
 * @param kind what the value is
 * @param required whether every send needs it (a quick reply's payload and a document's
 * file name are optional)
 * @param parameterName the variable's name in a template with NAMED parameters, sent as
 * {@code parameter_name}; {@code null} otherwise
 * @param buttonIndex the button's position among the template's buttons, {@code -1} for a
 * header or body value
 * @param maxLength the longest value Meta takes here, {@code 0} for no limit of its own
 * @param example a sample value, from the template's examples where it has them
 * @param description what the value is, for people
 * @param cardIndex the carousel card the value goes to, from 0 ({@code card_0_...}), or
 * {@code -1} for the message itself
 */
public record TemplateVariable(String name, Part part, Kind kind, boolean required, String parameterName,
		int buttonIndex, int maxLength, String example, String description, int cardIndex) {

	/** A value of the message itself, not of a carousel card. */
	public TemplateVariable(String name, Part part, Kind kind, boolean required, String parameterName, int buttonIndex,
			int maxLength, String example, String description) {
		this(name, part, kind, required, parameterName, buttonIndex, maxLength, example, description, -1);
	}

	/**
	 * The same value on carousel card {@code index}: named {@code card_<index>_<name>},
	 * described as the card's, and no longer than {@code cardMaxLength} when that is
	 * positive.
	 */
	TemplateVariable onCard(int index, int cardMaxLength) {
		return new TemplateVariable("card_" + index + "_" + this.name, this.part, this.kind, this.required,
				this.parameterName, this.buttonIndex,
				(this.maxLength > 0 && cardMaxLength > 0) ? Math.min(this.maxLength, cardMaxLength) : this.maxLength,
				this.example, this.description + " (card " + index + ")", index);
	}

	/**
	 * The other name a value may be given under: the seed's {@code "1"} for
	 * {@code body_1}, or {@code null}.
	 */
	public String alias() {
		if (this.part == Part.BODY && this.cardIndex < 0 && this.parameterName == null
				&& this.name.startsWith("body_")) {
			return this.name.substring("body_".length());
		}
		return null;
	}

	/** Whether {@code name} is this variable's name or alias, ignoring case. */
	public boolean isCalled(String name) {
		return this.name.equalsIgnoreCase(name) || (alias() != null && alias().equals(name));
	}

	public enum Part {

		HEADER, BODY, BUTTON

	}

	public enum Kind {

		/** A text header's or the body's variable. */
		TEXT,

		/** A media header's file: an {@code https} link, or the id of uploaded media. */
		IMAGE, VIDEO, DOCUMENT,

		/** The name a DOCUMENT header's file is shown with. */
		DOCUMENT_FILENAME,

		/** A LOCATION header's place. */
		LATITUDE, LONGITUDE, LOCATION_NAME, LOCATION_ADDRESS,

		/** What follows the fixed part of a dynamic URL button's link. */
		URL_SUFFIX,

		/** What a quick reply button sends back when tapped. */
		PAYLOAD,

		/** A copy code button's code. */
		COUPON_CODE;

		boolean isMedia() {
			return this == IMAGE || this == VIDEO || this == DOCUMENT;
		}

	}

}
