package com.wacampaigns.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.wacampaigns.common.graph.MessageTemplate;

/**
 * What Meta checks when a template is created ({@code POST
 * /v{N}/{waba-id}/message_templates}), and how it reads a template's variables. Only the
 * rules a client is likely to break are here: the name, the language, the parts and their
 * lengths, the variables and their examples, the buttons.
 */
final class TemplateRules {

	static final int BODY_MAX_LENGTH = 1024;

	static final int HEADER_TEXT_MAX_LENGTH = 60;

	static final int FOOTER_MAX_LENGTH = 60;

	static final int BUTTON_TEXT_MAX_LENGTH = 25;

	static final int URL_MAX_LENGTH = 2000;

	private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([^{}\\s]*)\\s*}}");

	private static final Pattern NAME = Pattern.compile("^[a-z0-9_]{1,512}$");

	private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2,3}(_[A-Za-z]{2,4})?$");

	private static final Pattern POSITIONAL_VARIABLE = Pattern.compile("^[1-9]\\d*$");

	private static final Pattern NAMED_VARIABLE = Pattern.compile("^[a-z][a-z0-9_]*$");

	private static final Set<String> CATEGORIES = Set.of("MARKETING", "UTILITY", "AUTHENTICATION");

	private static final Set<String> COMPONENT_TYPES = Set.of("HEADER", "BODY", "FOOTER", "BUTTONS", "CAROUSEL");

	private static final Set<String> HEADER_FORMATS = Set.of("TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION");

	private static final Set<String> MEDIA_FORMATS = Set.of("IMAGE", "VIDEO", "DOCUMENT");

	private static final int MAX_BUTTONS = 10;

	private static final int MAX_URL_BUTTONS = 2;

	private static final int MIN_CARDS = 2;

	private static final int MAX_CARDS = 10;

	private static final int MAX_CARD_BUTTONS = 2;

	static final int CARD_BODY_MAX_LENGTH = 160;

	private static final Set<String> CARD_COMPONENT_TYPES = Set.of("HEADER", "BODY", "BUTTONS");

	private static final Set<String> CARD_HEADER_FORMATS = Set.of("IMAGE", "VIDEO");

	private static final Set<String> CARD_BUTTON_TYPES = Set.of("QUICK_REPLY", "URL", "PHONE_NUMBER");

	private TemplateRules() {
	}

	/**
	 * The variables of a text, each once, in the order they first appear: {@code 1},
	 * {@code 2} or {@code first_name}.
	 */
	static List<String> variables(String text) {
		if (text == null) {
			return List.of();
		}
		Set<String> variables = new LinkedHashSet<>();
		Matcher matcher = VARIABLE.matcher(text);
		while (matcher.find()) {
			variables.add(matcher.group(1));
		}
		return List.copyOf(variables);
	}

	static boolean isNamed(MessageTemplate template) {
		return "NAMED".equals(template.parameterFormat());
	}

	/**
	 * The template as Meta keeps it: upper-case enum values (Meta accepts lower-case
	 * ones), POSITIONAL when no parameter format is given; no id, status or quality yet.
	 */
	static MessageTemplate normalised(MessageTemplate request) {
		String parameterFormat = (request.parameterFormat() != null) ? upper(request.parameterFormat()) : "POSITIONAL";
		return new MessageTemplate(null, request.name(), request.language(), null, upper(request.category()),
				upper(request.subCategory()), parameterFormat, null, null, normalised(request.components()));
	}

	private static List<MessageTemplate.Component> normalised(List<MessageTemplate.Component> components) {
		if (components == null) {
			return null;
		}
		List<MessageTemplate.Component> normalised = new ArrayList<>();
		for (MessageTemplate.Component component : components) {
			if (component == null) {
				continue;
			}
			List<MessageTemplate.Button> buttons = (component.buttons() != null)
					? component.buttons().stream().map(TemplateRules::normalised).toList() : null;
			List<MessageTemplate.Card> cards = (component.cards() != null) ? component.cards()
				.stream()
				.map((card) -> new MessageTemplate.Card(normalised((card != null) ? card.components() : null)))
				.toList() : null;
			normalised.add(new MessageTemplate.Component(upper(component.type()), upper(component.format()),
					component.text(), component.example(), buttons, cards));
		}
		return normalised;
	}

	private static MessageTemplate.Button normalised(MessageTemplate.Button button) {
		return new MessageTemplate.Button(upper(button.type()), button.text(), button.url(), button.phoneNumber(),
				button.example());
	}

	/** Why Meta would refuse to create this (normalised) template, or {@code null}. */
	static String problem(MessageTemplate template) {
		if (template.name() == null || !NAME.matcher(template.name()).matches()) {
			return "name must be 1 to 512 lowercase letters, digits and underscores";
		}
		if (template.language() == null || !LANGUAGE.matcher(template.language()).matches()) {
			return "language must be a language code such as en_US";
		}
		if (!isOneOf(CATEGORIES, template.category())) {
			return "category must be MARKETING, UTILITY or AUTHENTICATION";
		}
		if (!template.parameterFormat().equals("POSITIONAL") && !isNamed(template)) {
			return "parameter_format must be POSITIONAL or NAMED";
		}
		if (template.components() == null || template.components().isEmpty()) {
			return "components are required";
		}
		Map<String, MessageTemplate.Component> byType = new HashMap<>();
		for (MessageTemplate.Component component : template.components()) {
			if (!isOneOf(COMPONENT_TYPES, component.type())) {
				return "components: type must be HEADER, BODY, FOOTER, BUTTONS or CAROUSEL, not " + component.type();
			}
			if (byType.put(component.type(), component) != null) {
				return "components: at most one " + component.type();
			}
		}
		MessageTemplate.Component body = byType.get("BODY");
		if (body == null) {
			return "components: a BODY is required";
		}
		String problem = bodyProblem(template, body);
		if (problem == null && byType.containsKey("HEADER")) {
			problem = headerProblem(template, byType.get("HEADER"));
		}
		if (problem == null && byType.containsKey("FOOTER")) {
			problem = footerProblem(byType.get("FOOTER"));
		}
		if (problem == null && byType.containsKey("BUTTONS")) {
			problem = buttonsProblem(byType.get("BUTTONS"), MAX_BUTTONS);
		}
		if (problem == null && byType.containsKey("CAROUSEL")) {
			problem = carouselProblem(template, byType);
		}
		return problem;
	}

	/**
	 * A media card carousel: a MARKETING template of a body and 2 to 10 cards, nothing
	 * else; each card an IMAGE or VIDEO header with its sample, an optional body of at
	 * most 160 characters, and up to two buttons; every card with the same components.
	 */
	private static String carouselProblem(MessageTemplate template, Map<String, MessageTemplate.Component> byType) {
		if (!template.category().equals("MARKETING")) {
			return "CAROUSEL: carousel templates are MARKETING templates";
		}
		if (byType.containsKey("HEADER") || byType.containsKey("FOOTER") || byType.containsKey("BUTTONS")) {
			return "CAROUSEL: a carousel template has a BODY and its cards, no HEADER, FOOTER or BUTTONS";
		}
		List<MessageTemplate.Card> cards = byType.get("CAROUSEL").cards();
		if (cards == null || cards.size() < MIN_CARDS || cards.size() > MAX_CARDS) {
			return "CAROUSEL: cards must be " + MIN_CARDS + " to " + MAX_CARDS;
		}
		String first = null;
		for (int index = 0; index < cards.size(); index++) {
			String where = "CAROUSEL: card " + index + ": ";
			List<MessageTemplate.Component> components = (cards.get(index) != null
					&& cards.get(index).components() != null) ? cards.get(index).components() : List.of();
			Map<String, MessageTemplate.Component> parts = new HashMap<>();
			for (MessageTemplate.Component component : components) {
				if (!isOneOf(CARD_COMPONENT_TYPES, component.type())) {
					return where + "type must be HEADER, BODY or BUTTONS, not " + component.type();
				}
				if (parts.put(component.type(), component) != null) {
					return where + "at most one " + component.type();
				}
			}
			MessageTemplate.Component header = parts.get("HEADER");
			if (header == null || !isOneOf(CARD_HEADER_FORMATS, header.format())) {
				return where + "a HEADER of format IMAGE or VIDEO is required";
			}
			String problem = headerProblem(template, header);
			MessageTemplate.Component body = parts.get("BODY");
			if (problem == null && body != null) {
				problem = (body.text() != null && body.text().length() > CARD_BODY_MAX_LENGTH)
						? "BODY: text is longer than " + CARD_BODY_MAX_LENGTH + " characters"
						: bodyProblem(template, body);
			}
			if (problem == null && parts.containsKey("BUTTONS")) {
				problem = buttonsProblem(parts.get("BUTTONS"), MAX_CARD_BUTTONS);
				for (String type : buttonTypes(parts.get("BUTTONS"))) {
					if (problem == null && !isOneOf(CARD_BUTTON_TYPES, type)) {
						problem = "BUTTONS: a card's buttons are QUICK_REPLY, URL or PHONE_NUMBER, not " + type;
					}
				}
			}
			if (problem != null) {
				return where + problem;
			}
			String signature = header.format() + (body != null) + buttonTypes(parts.get("BUTTONS"));
			if (first == null) {
				first = signature;
			}
			else if (!first.equals(signature)) {
				return where + "every card must have the same components as card 0 (header format, body, buttons)";
			}
		}
		return null;
	}

	private static List<String> buttonTypes(MessageTemplate.Component buttons) {
		return (buttons != null && buttons.buttons() != null)
				? buttons.buttons().stream().map(MessageTemplate.Button::type).toList() : List.of();
	}

	private static String bodyProblem(MessageTemplate template, MessageTemplate.Component body) {
		// An authentication template's body is Meta's fixed text, so it comes without
		// one.
		if (isBlank(body.text())) {
			return template.category().equals("AUTHENTICATION") ? null : "BODY: text is required";
		}
		if (body.text().length() > BODY_MAX_LENGTH) {
			return "BODY: text is longer than " + BODY_MAX_LENGTH + " characters";
		}
		List<String> variables = variables(body.text());
		String problem = variablesProblem("BODY", variables, template);
		if (problem != null || variables.isEmpty()) {
			return problem;
		}
		MessageTemplate.Example example = body.example();
		if (isNamed(template)) {
			List<MessageTemplate.NamedExample> named = (example != null) ? example.bodyTextNamedParams() : null;
			return missingNamedExample("BODY", variables, named, "body_text_named_params");
		}
		if (example == null || example.bodyText() == null || example.bodyText().isEmpty()
				|| example.bodyText().get(0).size() != variables.size()) {
			return "BODY: example.body_text needs one sample value for each of the " + variables.size() + " variables";
		}
		return null;
	}

	private static String headerProblem(MessageTemplate template, MessageTemplate.Component header) {
		if (!isOneOf(HEADER_FORMATS, header.format())) {
			return "HEADER: format must be TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION";
		}
		MessageTemplate.Example example = header.example();
		if (isOneOf(MEDIA_FORMATS, header.format())) {
			if (example == null || example.headerHandle() == null || example.headerHandle().isEmpty()) {
				return "HEADER: a " + header.format() + " header needs a sample in example.header_handle";
			}
			return null;
		}
		if (!header.format().equals("TEXT")) {
			return null;
		}
		if (isBlank(header.text())) {
			return "HEADER: a TEXT header needs a text";
		}
		if (header.text().length() > HEADER_TEXT_MAX_LENGTH) {
			return "HEADER: text is longer than " + HEADER_TEXT_MAX_LENGTH + " characters";
		}
		List<String> variables = variables(header.text());
		if (variables.size() > 1) {
			return "HEADER: a TEXT header takes at most one variable";
		}
		String problem = variablesProblem("HEADER", variables, template);
		if (problem != null || variables.isEmpty()) {
			return problem;
		}
		if (isNamed(template)) {
			List<MessageTemplate.NamedExample> named = (example != null) ? example.headerTextNamedParams() : null;
			return missingNamedExample("HEADER", variables, named, "header_text_named_params");
		}
		if (example == null || example.headerText() == null || example.headerText().size() != 1) {
			return "HEADER: example.header_text needs one sample value";
		}
		return null;
	}

	private static String footerProblem(MessageTemplate.Component footer) {
		if (isBlank(footer.text())) {
			return "FOOTER: text is required";
		}
		if (footer.text().length() > FOOTER_MAX_LENGTH) {
			return "FOOTER: text is longer than " + FOOTER_MAX_LENGTH + " characters";
		}
		if (!variables(footer.text()).isEmpty()) {
			return "FOOTER: a footer takes no variables";
		}
		return null;
	}

	private static String buttonsProblem(MessageTemplate.Component component, int most) {
		List<MessageTemplate.Button> buttons = component.buttons();
		if (buttons == null || buttons.isEmpty()) {
			return "BUTTONS: at least one button is required";
		}
		if (buttons.size() > most) {
			return "BUTTONS: at most " + most + " buttons";
		}
		int urlButtons = 0;
		for (int index = 0; index < buttons.size(); index++) {
			MessageTemplate.Button button = buttons.get(index);
			if (button.type() == null) {
				return "BUTTONS: the button at index " + index + " needs a type";
			}
			boolean labelled = switch (button.type()) {
				case "QUICK_REPLY", "URL", "PHONE_NUMBER" -> true;
				default -> false;
			};
			if (labelled && isBlank(button.text())) {
				return "BUTTONS: the button at index " + index + " needs a text";
			}
			if (labelled && button.text().length() > BUTTON_TEXT_MAX_LENGTH) {
				return "BUTTONS: the text of the button at index " + index + " is longer than " + BUTTON_TEXT_MAX_LENGTH
						+ " characters";
			}
			if (button.type().equals("URL")) {
				urlButtons++;
				String problem = urlProblem(index, button);
				if (problem != null) {
					return problem;
				}
			}
			if (button.type().equals("PHONE_NUMBER") && isBlank(button.phoneNumber())) {
				return "BUTTONS: the PHONE_NUMBER button at index " + index + " needs a phone_number";
			}
		}
		if (urlButtons > MAX_URL_BUTTONS) {
			return "BUTTONS: at most " + MAX_URL_BUTTONS + " URL buttons";
		}
		return null;
	}

	private static String urlProblem(int index, MessageTemplate.Button button) {
		String url = button.url();
		if (isBlank(url) || !(url.startsWith("https://") || url.startsWith("http://"))) {
			return "BUTTONS: the URL button at index " + index + " needs an http or https url";
		}
		if (url.length() > URL_MAX_LENGTH) {
			return "BUTTONS: the url of the button at index " + index + " is longer than " + URL_MAX_LENGTH
					+ " characters";
		}
		List<String> variables = variables(url);
		if (variables.isEmpty()) {
			return null;
		}
		if (!variables.equals(List.of("1")) || !url.endsWith("{{1}}")) {
			return "BUTTONS: a url takes one variable, {{1}}, at its end";
		}
		if (button.example() == null) {
			return "BUTTONS: the URL button at index " + index + " needs a sample url in example";
		}
		return null;
	}

	/**
	 * Positional variables are {@code {{1}}} to {@code {{n}}}; named ones lowercase
	 * letters, digits and underscores; never both in one template.
	 */
	private static String variablesProblem(String part, List<String> variables, MessageTemplate template) {
		boolean named = isNamed(template);
		TreeSet<Integer> numbers = new TreeSet<>();
		for (String variable : variables) {
			if (named && !NAMED_VARIABLE.matcher(variable).matches()) {
				return part + ": {{" + variable + "}} is not a named variable (parameter_format is NAMED)";
			}
			if (!named && !POSITIONAL_VARIABLE.matcher(variable).matches()) {
				return part + ": {{" + variable + "}} is not a positional variable (parameter_format is POSITIONAL)";
			}
			if (!named) {
				numbers.add(Integer.parseInt(variable));
			}
		}
		if (!named && !numbers.isEmpty() && numbers.size() != numbers.last()) {
			return part + ": variables must be numbered {{1}} to {{" + numbers.size() + "}} without gaps";
		}
		return null;
	}

	private static String missingNamedExample(String part, List<String> variables,
			List<MessageTemplate.NamedExample> examples, String field) {
		Set<String> given = new LinkedHashSet<>();
		if (examples != null) {
			examples.forEach((example) -> given.add(example.paramName()));
		}
		for (String variable : variables) {
			if (!given.contains(variable)) {
				return part + ": example." + field + " needs a sample value for {{" + variable + "}}";
			}
		}
		return null;
	}

	/** Immutable sets refuse to be asked about {@code null}. */
	private static boolean isOneOf(Set<String> values, String value) {
		return value != null && values.contains(value);
	}

	static String upper(String value) {
		return (value != null) ? value.toUpperCase(Locale.ROOT) : null;
	}

	static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
