package com.wacampaigns.common.graph;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A message template as the Graph API lists it ({@code GET
 * /v{N}/{waba-id}/message_templates}) and takes it ({@code POST
 * /v{N}/{waba-id}/message_templates}, without {@code id}, {@code status} and
 * {@code quality_score}). Enum values are Meta's upper-case names.
 *
 * @param id Meta's id (a string here, a number in webhooks)
 * @param language as the API writes it, {@code en_US}
 * @param status APPROVED, PENDING, REJECTED, PAUSED, DISABLED, IN_APPEAL, ...
 * @param category MARKETING, UTILITY or AUTHENTICATION
 * @param parameterFormat POSITIONAL ({@code {{1}}}) or NAMED ({@code {{first_name}}})
 * @param rejectedReason why Meta rejected it, {@code NONE} otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageTemplate(String id, String name, String language, String status, String category,
		@JsonProperty("sub_category") String subCategory, @JsonProperty("parameter_format") String parameterFormat,
		@JsonProperty("quality_score") QualityScore qualityScore,
		@JsonProperty("rejected_reason") String rejectedReason, List<Component> components) {

	/**
	 * One part of a template: {@code HEADER} (with a {@code format}: TEXT, IMAGE, VIDEO,
	 * DOCUMENT or LOCATION), {@code BODY}, {@code FOOTER}, {@code BUTTONS}, or
	 * {@code CAROUSEL} (a media card carousel: 2 to 10 {@code cards} after the body).
	 *
	 * @param text a TEXT header's, the body's or the footer's text, with its variables
	 * @param example sample values of the variables, which Meta requires at creation
	 * @param cards a CAROUSEL's cards, each with the same components
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Component(String type, String format, String text, Example example, List<Button> buttons,
			List<Card> cards) {

		/**
		 * Any component but a carousel. Disabled as a JSON creator, so that JSON binds to
		 * the canonical constructor only.
		 */
		@JsonCreator(mode = JsonCreator.Mode.DISABLED)
		public Component(String type, String format, String text, Example example, List<Button> buttons) {
			this(type, format, text, example, buttons, null);
		}

	}

	/**
	 * One card of a media card carousel: an IMAGE or VIDEO {@code HEADER}, an optional
	 * {@code BODY} (at most 160 characters) and up to two {@code BUTTONS}, the same kinds
	 * on every card of the template.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Card(List<Component> components) {

	}

	/**
	 * Sample values: positional ({@code header_text}, {@code body_text}: one list per
	 * example set), named ({@code *_named_params}), or a media header's sample
	 * ({@code header_handle}).
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Example(@JsonProperty("header_text") List<String> headerText,
			@JsonProperty("header_text_named_params") List<NamedExample> headerTextNamedParams,
			@JsonProperty("header_handle") List<String> headerHandle,
			@JsonProperty("body_text") List<List<String>> bodyText,
			@JsonProperty("body_text_named_params") List<NamedExample> bodyTextNamedParams) {

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record NamedExample(@JsonProperty("param_name") String paramName, String example) {

	}

	/**
	 * A button: {@code QUICK_REPLY}, {@code URL} (a {@code {{1}}} at the end of
	 * {@code url} makes its suffix a value of each send), {@code PHONE_NUMBER} or
	 * {@code COPY_CODE}.
	 *
	 * @param example a list of sample URLs for a URL button, one sample code (a string)
	 * for a COPY_CODE button: Meta's shape differs by type, so it is kept as it came
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Button(String type, String text, String url, @JsonProperty("phone_number") String phoneNumber,
			Object example) {

	}

	/** GREEN, YELLOW, RED or UNKNOWN, with the time it was given (unix seconds). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record QualityScore(String score, Long date) {

	}

	/** One page of the list; {@code paging.next} is absent on the last. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Page(List<MessageTemplate> data, Paging paging) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Paging(Cursors cursors, String next, String previous) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Cursors(String before, String after) {

	}

	/** The answer to a creation: the new id, PENDING, and the category Meta chose. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Created(String id, String status, String category) {

	}

}
