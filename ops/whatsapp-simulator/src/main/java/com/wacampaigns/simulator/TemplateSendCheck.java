package com.wacampaigns.simulator;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.wacampaigns.common.graph.GraphError;
import com.wacampaigns.common.graph.MessageTemplate;
import com.wacampaigns.common.graph.SendMessageRequest;

/**
 * Checks a send's values against its template the way Meta does, and answers with the
 * Graph error Meta gives: 132001 (no such template in that language, or not approved),
 * 132015 (paused), 132016 (disabled), 132000 (a part has more or fewer values than the
 * template's variables), 132012 (a value of another kind than the template's, such as
 * text or nothing for an IMAGE header, or a link that is not HTTP(S)), 131008 (a value
 * the template needs is missing: a dynamic URL button's suffix, a header's media link or
 * id, a named variable). The first problem found wins, header before body before buttons,
 * the message before its carousel's cards (each card checked like a message: one for each
 * of the template's cards, or 132000).
 */
final class TemplateSendCheck {

	private TemplateSendCheck() {
	}

	/**
	 * @param template the template of that name and language, or {@code null} when there
	 * is none
	 */
	static Optional<GraphError> problem(MessageTemplate template, SendMessageRequest.Template sent) {
		if (template == null) {
			return Optional.of(error(132001, "Template name does not exist in the translation",
					"template name (" + sent.name() + ") does not exist in " + sent.language().code()));
		}
		GraphError refused = switch (template.status()) {
			case "APPROVED" -> null;
			case "PAUSED" -> error(132015, "Template is Paused",
					"template name (" + template.name() + ") is paused because of low quality");
			case "DISABLED" -> error(132016, "Template is Disabled",
					"template name (" + template.name() + ") is disabled because of low quality");
			default -> error(132001, "Template name does not exist in the translation", "template name ("
					+ template.name() + ") in " + template.language() + " is " + template.status() + ", not approved");
		};
		if (refused != null) {
			return Optional.of(refused);
		}
		return Optional.ofNullable(valuesProblem(template, sent));
	}

	private static GraphError valuesProblem(MessageTemplate template, SendMessageRequest.Template sent) {
		List<SendMessageRequest.Component> components = (sent.components() != null) ? sent.components() : List.of();
		List<SendMessageRequest.Component> message = components.stream()
			.filter((component) -> !"carousel".equals(lower(component.type())))
			.toList();
		List<SendMessageRequest.Component> carousels = components.stream()
			.filter((component) -> "carousel".equals(lower(component.type())))
			.toList();
		List<MessageTemplate.Component> parts = (template.components() != null) ? template.components() : List.of();
		GraphError problem = partsProblem(template, parts, message, "");
		if (problem == null) {
			MessageTemplate.Component carousel = component(parts, "CAROUSEL");
			problem = carouselProblem(template, (carousel != null) ? carousel.cards() : null, carousels);
		}
		return problem;
	}

	/**
	 * A media card carousel's values: one card for each of the template's cards, by
	 * {@code card_index}, each checked like a message of its own.
	 */
	private static GraphError carouselProblem(MessageTemplate template, List<MessageTemplate.Card> cards,
			List<SendMessageRequest.Component> sent) {
		int expected = (cards != null) ? cards.size() : 0;
		if (sent.size() > 1) {
			return invalid("components: at most one carousel");
		}
		if (sent.isEmpty()) {
			return (expected == 0) ? null : missing(
					"carousel: the template's " + expected + " cards need their values (a carousel component)");
		}
		List<SendMessageRequest.Card> given = (sent.get(0).cards() != null) ? sent.get(0).cards() : List.of();
		if (given.size() != expected) {
			return error(132000, "Number of parameters does not match the expected number of params",
					"carousel: number of cards (" + given.size() + ") does not match the template's (" + expected
							+ ")");
		}
		Set<Integer> seen = new HashSet<>();
		for (SendMessageRequest.Card card : given) {
			int index = card.cardIndex();
			if (index < 0 || index >= expected || !seen.add(index)) {
				return invalid("carousel: card_index " + index + " is not one of the template's cards, once");
			}
			List<MessageTemplate.Component> parts = (cards.get(index).components() != null)
					? cards.get(index).components() : List.of();
			List<SendMessageRequest.Component> values = (card.components() != null) ? card.components() : List.of();
			GraphError problem = partsProblem(template, parts, values, "cards[" + index + "].");
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	/**
	 * The header, body and button values of the message, or of one carousel card.
	 * @param where how the details name the place: empty for the message,
	 * {@code cards[n].} for a card
	 */
	private static GraphError partsProblem(MessageTemplate template, List<MessageTemplate.Component> parts,
			List<SendMessageRequest.Component> components, String where) {
		List<SendMessageRequest.Parameter> header = null;
		List<SendMessageRequest.Parameter> body = null;
		Map<Integer, SendMessageRequest.Component> buttons = new TreeMap<>();
		for (SendMessageRequest.Component component : components) {
			switch (lower(component.type())) {
				case "header" -> header = parameters(component);
				case "body" -> body = parameters(component);
				case "button" -> {
					if (component.subType() == null || component.index() == null) {
						return missing(where + "buttons: a button component needs a sub_type and an index");
					}
					Integer index = index(component.index());
					if (index == null) {
						return invalid(where + "buttons: index must be a number, not " + component.index());
					}
					buttons.put(index, component);
				}
				default -> {
					return invalid(where + "components: type must be header, body, button or carousel, not "
							+ component.type());
				}
			}
		}
		GraphError problem = headerProblem(template, component(parts, "HEADER"), header);
		if (problem == null) {
			problem = bodyProblem(template, component(parts, "BODY"), body);
		}
		if (problem == null) {
			MessageTemplate.Component buttonsComponent = component(parts, "BUTTONS");
			List<MessageTemplate.Button> templateButtons = (buttonsComponent != null
					&& buttonsComponent.buttons() != null) ? buttonsComponent.buttons() : List.of();
			problem = buttonsProblem(templateButtons, buttons);
		}
		if (problem != null && !where.isEmpty()) {
			problem = GraphError.of(problem.error().code(), problem.error().type(), problem.error().message(),
					where + problem.error().errorData().details());
		}
		return problem;
	}

	private static GraphError headerProblem(MessageTemplate template, MessageTemplate.Component header,
			List<SendMessageRequest.Parameter> sent) {
		int given = size(sent);
		if (header == null) {
			return (given != 0) ? count("header", given, 0) : null;
		}
		String format = (header.format() != null) ? header.format() : "TEXT";
		return switch (format) {
			case "TEXT" -> {
				List<String> variables = TemplateRules.variables(header.text());
				if (given != variables.size()) {
					yield count("header", given, variables.size());
				}
				yield textValuesProblem("header", template, variables, (given != 0) ? sent : List.of());
			}
			case "IMAGE", "VIDEO", "DOCUMENT" -> mediaProblem(format, sent);
			case "LOCATION" -> locationProblem(sent);
			default -> null;
		};
	}

	private static GraphError mediaProblem(String format, List<SendMessageRequest.Parameter> sent) {
		if (size(sent) == 0) {
			return mismatch("header", format, "UNKNOWN");
		}
		if (sent.size() > 1) {
			return count("header", sent.size(), 1);
		}
		SendMessageRequest.Parameter parameter = sent.get(0);
		String received = upper(parameter.type());
		if (!format.equals(received)) {
			return mismatch("header", format, received);
		}
		SendMessageRequest.Media media = switch (format) {
			case "IMAGE" -> parameter.image();
			case "VIDEO" -> parameter.video();
			default -> parameter.document();
		};
		String kind = lower(format);
		if (media == null || (TemplateRules.isBlank(media.link()) && TemplateRules.isBlank(media.id()))) {
			return missing("header: the " + kind + " parameter needs a link or an id");
		}
		if (media.link() != null && !isHttpUrl(media.link())) {
			return error(132012, "Parameter format does not match format in the created template",
					"header: the " + kind + " link must be an HTTP or HTTPS URL, not " + media.link());
		}
		return null;
	}

	private static GraphError locationProblem(List<SendMessageRequest.Parameter> sent) {
		if (size(sent) == 0) {
			return mismatch("header", "LOCATION", "UNKNOWN");
		}
		if (sent.size() > 1) {
			return count("header", sent.size(), 1);
		}
		SendMessageRequest.Parameter parameter = sent.get(0);
		if (!"LOCATION".equals(upper(parameter.type()))) {
			return mismatch("header", "LOCATION", upper(parameter.type()));
		}
		SendMessageRequest.Location location = parameter.location();
		if (location == null || TemplateRules.isBlank(location.latitude())
				|| TemplateRules.isBlank(location.longitude())) {
			return missing("header: the location parameter needs a latitude and a longitude");
		}
		return null;
	}

	private static GraphError bodyProblem(MessageTemplate template, MessageTemplate.Component body,
			List<SendMessageRequest.Parameter> sent) {
		List<String> variables = (body != null) ? TemplateRules.variables(body.text()) : List.of();
		int given = size(sent);
		if (given != variables.size()) {
			return count("body", given, variables.size());
		}
		return textValuesProblem("body", template, variables, (given != 0) ? sent : List.of());
	}

	/**
	 * A header's or body's values, as many as the variables: text, currency or date-time,
	 * each named after one of the variables when the template's parameters are NAMED.
	 */
	private static GraphError textValuesProblem(String part, MessageTemplate template, List<String> variables,
			List<SendMessageRequest.Parameter> sent) {
		Set<String> names = new HashSet<>();
		for (SendMessageRequest.Parameter parameter : sent) {
			GraphError problem = valueProblem(part, parameter);
			if (problem != null) {
				return problem;
			}
			if (TemplateRules.isNamed(template)) {
				if (TemplateRules.isBlank(parameter.parameterName())) {
					return missing(part + ": parameter_name is required: the template's parameters are NAMED");
				}
				names.add(parameter.parameterName());
			}
		}
		if (TemplateRules.isNamed(template)) {
			for (String variable : variables) {
				if (!names.contains(variable)) {
					return missing(part + ": no value for the parameter {{" + variable + "}}");
				}
			}
		}
		return null;
	}

	/** A text, currency or date-time value, complete. */
	private static GraphError valueProblem(String part, SendMessageRequest.Parameter parameter) {
		String type = lower(parameter.type());
		if (type.equals("text")) {
			return (parameter.text() != null) ? null : missing(part + ": a text parameter needs a text");
		}
		if (type.equals("currency")) {
			SendMessageRequest.Currency currency = parameter.currency();
			boolean complete = currency != null && !TemplateRules.isBlank(currency.fallbackValue())
					&& !TemplateRules.isBlank(currency.code()) && currency.amount1000() != null;
			return complete ? null
					: missing(part + ": a currency parameter needs fallback_value, code and amount_1000");
		}
		if (type.equals("date_time")) {
			boolean complete = parameter.dateTime() != null
					&& !TemplateRules.isBlank(parameter.dateTime().fallbackValue());
			return complete ? null : missing(part + ": a date_time parameter needs a fallback_value");
		}
		return mismatch(part, "TEXT", upper(parameter.type()));
	}

	private static GraphError buttonsProblem(List<MessageTemplate.Button> buttons,
			Map<Integer, SendMessageRequest.Component> sent) {
		for (Map.Entry<Integer, SendMessageRequest.Component> entry : sent.entrySet()) {
			int index = entry.getKey();
			if (index < 0 || index >= buttons.size()) {
				return error(132000, "Number of parameters does not match the expected number of params",
						"buttons: the template has no button at index " + index);
			}
			GraphError problem = buttonProblem(index, buttons.get(index), entry.getValue());
			if (problem != null) {
				return problem;
			}
		}
		for (int index = 0; index < buttons.size(); index++) {
			MessageTemplate.Button button = buttons.get(index);
			boolean needsValue = isDynamicUrl(button) || "COPY_CODE".equals(button.type());
			if (needsValue && !sent.containsKey(index)) {
				return missing(
						"buttons: Button at index " + index + " of type " + button.type() + " requires a parameter");
			}
		}
		return null;
	}

	private static GraphError buttonProblem(int index, MessageTemplate.Button button,
			SendMessageRequest.Component sent) {
		String expected = switch (String.valueOf(button.type())) {
			case "URL" -> "url";
			case "QUICK_REPLY" -> "quick_reply";
			case "COPY_CODE" -> "copy_code";
			default -> null;
		};
		if (expected == null || !expected.equals(lower(sent.subType()))) {
			return error(132012, "Parameter format does not match format in the created template",
					"buttons: Format mismatch, the button at index " + index + " is " + button.type()
							+ ", received sub_type " + sent.subType());
		}
		List<SendMessageRequest.Parameter> parameters = parameters(sent);
		String part = "buttons[" + index + "]";
		return switch (expected) {
			case "url" -> {
				if (!isDynamicUrl(button)) {
					yield parameters.isEmpty() ? null : count(part, parameters.size(), 0);
				}
				yield oneValue(part, parameters, "text", "TEXT",
						"Button at index " + index + " of type URL requires a parameter");
			}
			case "quick_reply" -> oneValue(part, parameters, "payload", "PAYLOAD",
					"Button at index " + index + " of type QUICK_REPLY requires a payload");
			default -> oneValue(part, parameters, "coupon_code", "COUPON_CODE",
					"Button at index " + index + " of type COPY_CODE requires a coupon_code");
		};
	}

	/** A button's one value: its URL suffix, its payload or its coupon code. */
	private static GraphError oneValue(String part, List<SendMessageRequest.Parameter> parameters, String type,
			String format, String whenMissing) {
		if (parameters.isEmpty()) {
			return missing("buttons: " + whenMissing);
		}
		if (parameters.size() > 1) {
			return count(part, parameters.size(), 1);
		}
		SendMessageRequest.Parameter parameter = parameters.get(0);
		if (!type.equals(lower(parameter.type()))) {
			return mismatch(part, format, upper(parameter.type()));
		}
		String value = switch (type) {
			case "text" -> parameter.text();
			case "payload" -> parameter.payload();
			default -> parameter.couponCode();
		};
		return TemplateRules.isBlank(value) ? missing("buttons: " + whenMissing) : null;
	}

	private static boolean isDynamicUrl(MessageTemplate.Button button) {
		return "URL".equals(button.type()) && !TemplateRules.variables(button.url()).isEmpty();
	}

	private static MessageTemplate.Component component(List<MessageTemplate.Component> components, String type) {
		return components.stream().filter((component) -> type.equals(component.type())).findFirst().orElse(null);
	}

	private static List<SendMessageRequest.Parameter> parameters(SendMessageRequest.Component component) {
		return (component.parameters() != null) ? component.parameters() : List.of();
	}

	private static Integer index(String index) {
		try {
			return Integer.valueOf(index.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static boolean isHttpUrl(String link) {
		String lower = link.toLowerCase(Locale.ROOT);
		boolean http = lower.startsWith("https://") || lower.startsWith("http://");
		return http && lower.indexOf("://") + 3 < lower.length();
	}

	private static int size(List<SendMessageRequest.Parameter> parameters) {
		return (parameters != null) ? parameters.size() : 0;
	}

	private static GraphError count(String part, int given, int expected) {
		return error(132000, "Number of parameters does not match the expected number of params",
				part + ": number of localizable_params (" + given + ") does not match the expected number of params ("
						+ expected + ")");
	}

	private static GraphError mismatch(String part, String expected, String received) {
		return error(132012, "Parameter format does not match format in the created template",
				part + ": Format mismatch, expected " + expected + ", received " + received);
	}

	private static GraphError missing(String details) {
		return error(131008, "Required parameter is missing", details);
	}

	private static GraphError invalid(String details) {
		return error(100, "Invalid parameter", details);
	}

	private static GraphError error(int code, String title, String details) {
		return GraphError.of(code, "OAuthException", "(#" + code + ") " + title, details);
	}

	private static String lower(String value) {
		return (value != null) ? value.toLowerCase(Locale.ROOT) : "";
	}

	private static String upper(String value) {
		return (value != null) ? value.toUpperCase(Locale.ROOT) : "UNKNOWN";
	}

}
