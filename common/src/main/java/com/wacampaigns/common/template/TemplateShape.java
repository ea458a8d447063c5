package com.wacampaigns.common.template;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.wacampaigns.common.graph.MessageTemplate;
import com.wacampaigns.common.graph.SendMessageRequest;
import com.wacampaigns.common.template.TemplateVariable.Kind;
import com.wacampaigns.common.template.TemplateVariable.Part;

/**
 * What a send of one template takes, read from Meta's components: its
 * {@link TemplateVariable variables} in the template's order (header, body, buttons, then
 * each carousel card's header, body and buttons), the check of each value against Meta's
 * rules, and the {@code components} array of a send built from the values. The gateway
 * checks recipients with it, so that nothing reaches Meta that Meta would refuse for its
 * shape, and the feeder builds each dispatch record's components with it.
 *
 * @param slots every place a value goes, in order; a NAMED variable used in the header
 * and the body has two
 */
public record TemplateShape(List<TemplateVariable> slots) {

	private static final Pattern VARIABLE = Pattern.compile("\\{\\{([A-Za-z0-9_]+)}}");

	private static final Pattern MEDIA_ID = Pattern.compile("\\d{1,64}");

	/** Meta's longest text header, and so its variable's value. */
	static final int HEADER_TEXT_LIMIT = 60;

	static final int BODY_LIMIT = 1024;

	static final int URL_LIMIT = 2000;

	static final int COUPON_CODE_LIMIT = 15;

	/** Meta's longest carousel card body, and so its variables' values. */
	static final int CARD_BODY_LIMIT = 160;

	public TemplateShape {
		slots = List.copyOf(slots);
	}

	/**
	 * A template without components, a local one from before them: a body of
	 * {@code {{1}}} to {@code {{count}}}.
	 */
	public static TemplateShape positionalBody(int count) {
		List<TemplateVariable> slots = new ArrayList<>(count);
		for (int position = 1; position <= count; position++) {
			slots.add(bodyVariable(Integer.toString(position), false, null));
		}
		return new TemplateShape(slots);
	}

	/**
	 * @param parameterFormat {@code NAMED} or {@code POSITIONAL} (the default)
	 * @param components Meta's components, as listed
	 */
	public static TemplateShape of(String parameterFormat, List<MessageTemplate.Component> components) {
		boolean named = "NAMED".equalsIgnoreCase(parameterFormat);
		List<TemplateVariable> slots = new ArrayList<>();
		for (MessageTemplate.Component component : (components != null) ? components
				: List.<MessageTemplate.Component>of()) {
			switch (upper(component.type())) {
				case "HEADER" -> slots.addAll(header(component, named));
				case "BODY" -> slots.addAll(body(component, named));
				case "BUTTONS" -> slots.addAll(buttons(component));
				case "CAROUSEL" -> slots.addAll(carousel(component, named));
				default -> {
					// FOOTER is static.
				}
			}
		}
		return new TemplateShape(slots);
	}

	/** The variables by name, each once, in the template's order. */
	public List<TemplateVariable> variables() {
		Map<String, TemplateVariable> byName = new LinkedHashMap<>();
		for (TemplateVariable slot : this.slots) {
			byName.putIfAbsent(slot.name(), slot);
		}
		return List.copyOf(byName.values());
	}

	/** The variable called {@code name} (or by its alias), ignoring case. */
	public Optional<TemplateVariable> variable(String name) {
		return this.slots.stream().filter((slot) -> slot.isCalled(name)).findFirst();
	}

	/** Whether a send takes no values at all. */
	public boolean isStatic() {
		return this.slots.isEmpty();
	}

	/**
	 * Why {@code value} cannot be sent as {@code variable}, if it cannot: a media link
	 * that is not {@code https}, text with a line break, a tab or more than four spaces
	 * in a row (Meta's 132018), a value longer than Meta takes there, coordinates out of
	 * range.
	 * @param value a value that is not blank
	 */
	public static Optional<String> problem(TemplateVariable variable, String value) {
		if (variable.maxLength() > 0 && value.length() > variable.maxLength()) {
			return Optional.of(variable.name() + " is " + value.length() + " characters; at most "
					+ variable.maxLength() + " fit there");
		}
		return Optional.ofNullable(switch (variable.kind()) {
			case TEXT -> textProblem(variable, value);
			case IMAGE, VIDEO, DOCUMENT -> mediaProblem(variable, value);
			case LATITUDE -> coordinateProblem(variable, value, 90);
			case LONGITUDE -> coordinateProblem(variable, value, 180);
			case URL_SUFFIX -> hasWhitespace(value) ? variable.name() + " must not contain spaces" : null;
			case DOCUMENT_FILENAME, LOCATION_NAME, LOCATION_ADDRESS, PAYLOAD, COUPON_CODE ->
				hasLineBreak(value) ? variable.name() + " must be on one line" : null;
		});
	}

	/**
	 * Why {@code value} cannot be sent as {@code variable} of that type, if it cannot: a
	 * currency's value must be an amount, such as {@code 12.50}.
	 */
	public static Optional<String> problem(TemplateVariable variable, String value, ParameterType type) {
		if (type.kind() == ParameterType.Kind.CURRENCY && ParameterType.thousandths(value).isEmpty()) {
			return Optional.of(variable.name() + " must be an amount such as 12.50 (in " + type.currencyCode()
					+ "), not \"" + abbreviate(value) + "\"");
		}
		return problem(variable, value);
	}

	/**
	 * The {@code components} of a send: a {@code header} with its one parameter, the
	 * {@code body}'s parameters in order (named ones with {@code parameter_name}), and a
	 * {@code button} per button given a value. Values are taken as they are: check them
	 * first.
	 * @param values each variable's value by its name, {@code null} or blank when none
	 */
	public List<SendMessageRequest.Component> components(Function<String, String> values) {
		return components(values, (name) -> ParameterType.TEXT);
	}

	/**
	 * The same, with the body's values sent as their types say.
	 * @param types each body variable's type by its name
	 */
	public List<SendMessageRequest.Component> components(Function<String, String> values,
			Function<String, ParameterType> types) {
		if (this.slots.stream().allMatch((slot) -> slot.cardIndex() < 0)) {
			// No carousel, the usual case: built for every recipient, so no grouping.
			return parts(this.slots, values, types);
		}
		Map<Integer, List<TemplateVariable>> byCard = new TreeMap<>();
		for (TemplateVariable slot : this.slots) {
			byCard.computeIfAbsent(slot.cardIndex(), (card) -> new ArrayList<>()).add(slot);
		}
		List<SendMessageRequest.Component> components = parts(byCard.getOrDefault(-1, List.of()), values, types);
		List<SendMessageRequest.Card> cards = new ArrayList<>();
		byCard.forEach((card, slots) -> {
			if (card >= 0) {
				cards.add(new SendMessageRequest.Card(card, parts(slots, values, types)));
			}
		});
		if (!cards.isEmpty()) {
			components.add(SendMessageRequest.Component.carousel(cards));
		}
		return components;
	}

	/**
	 * The header, body and button components of the message, or of one carousel card.
	 */
	private static List<SendMessageRequest.Component> parts(List<TemplateVariable> slots,
			Function<String, String> values, Function<String, ParameterType> types) {
		List<SendMessageRequest.Component> components = new ArrayList<>(4);
		header(slots, values).ifPresent(components::add);
		List<SendMessageRequest.Parameter> body = new ArrayList<>();
		for (TemplateVariable slot : slots) {
			if (slot.part() == Part.BODY) {
				body.add(typed(slot, values.apply(slot.name()), types.apply(slot.name())));
			}
		}
		if (!body.isEmpty()) {
			components.add(new SendMessageRequest.Component("body", body));
		}
		for (TemplateVariable slot : slots) {
			String value = values.apply(slot.name());
			if (slot.part() == Part.BUTTON && !isBlank(value)) {
				components.add(button(slot, value));
			}
		}
		return components;
	}

	/**
	 * The {@code components} of a send to one recipient.
	 * @param values the recipient's own values by variable name (or the seed's positions)
	 * @param defaults the campaign's values for everyone, where the recipient has none
	 */
	public List<SendMessageRequest.Component> components(Map<String, String> values, Map<String, String> defaults) {
		return components(values, defaults, Map.of());
	}

	/**
	 * The same, with the body's values sent as their types say.
	 * @param types the body variables that are not text, by name
	 */
	public List<SendMessageRequest.Component> components(Map<String, String> values, Map<String, String> defaults,
			Map<String, ParameterType> types) {
		return components((name) -> {
			String value = values.get(name);
			if (isBlank(value)) {
				String alias = variable(name).map(TemplateVariable::alias).orElse(null);
				value = (alias != null) ? values.get(alias) : null;
			}
			return isBlank(value) ? defaults.get(name) : value;
		}, (name) -> types.getOrDefault(name, ParameterType.TEXT));
	}

	private static Optional<SendMessageRequest.Component> header(List<TemplateVariable> slots,
			Function<String, String> values) {
		Map<Kind, String> header = new LinkedHashMap<>();
		TemplateVariable text = null;
		for (TemplateVariable slot : slots) {
			if (slot.part() == Part.HEADER) {
				String value = values.apply(slot.name());
				if (!isBlank(value)) {
					header.put(slot.kind(), value);
				}
				if (slot.kind() == Kind.TEXT) {
					text = slot;
				}
			}
		}
		if (header.isEmpty()) {
			return Optional.empty();
		}
		SendMessageRequest.Parameter parameter;
		if (text != null) {
			parameter = text(text, header.get(Kind.TEXT));
		}
		else if (header.containsKey(Kind.IMAGE)) {
			parameter = SendMessageRequest.Parameter.image(media(header.get(Kind.IMAGE), null));
		}
		else if (header.containsKey(Kind.VIDEO)) {
			parameter = SendMessageRequest.Parameter.video(media(header.get(Kind.VIDEO), null));
		}
		else if (header.containsKey(Kind.DOCUMENT)) {
			parameter = SendMessageRequest.Parameter
				.document(media(header.get(Kind.DOCUMENT), header.get(Kind.DOCUMENT_FILENAME)));
		}
		else {
			parameter = SendMessageRequest.Parameter.location(new SendMessageRequest.Location(header.get(Kind.LATITUDE),
					header.get(Kind.LONGITUDE), header.get(Kind.LOCATION_NAME), header.get(Kind.LOCATION_ADDRESS)));
		}
		return Optional.of(new SendMessageRequest.Component("header", List.of(parameter)));
	}

	private static SendMessageRequest.Parameter typed(TemplateVariable slot, String value, ParameterType type) {
		String text = (value != null) ? value : "";
		return switch (type.kind()) {
			case TEXT -> text(slot, value);
			case CURRENCY -> SendMessageRequest.Parameter.currency(slot.parameterName(),
					new SendMessageRequest.Currency(text + " " + type.currencyCode(), type.currencyCode(),
							ParameterType.thousandths(text).orElse(0L)));
			case DATE_TIME ->
				SendMessageRequest.Parameter.dateTime(slot.parameterName(), new SendMessageRequest.DateTime(text));
		};
	}

	private static SendMessageRequest.Parameter text(TemplateVariable slot, String value) {
		String text = (value != null) ? value : "";
		return (slot.parameterName() != null) ? SendMessageRequest.Parameter.namedText(slot.parameterName(), text)
				: SendMessageRequest.Parameter.text(text);
	}

	/** An uploaded media id is all digits; anything else is a link. */
	private static SendMessageRequest.Media media(String value, String filename) {
		boolean id = MEDIA_ID.matcher(value).matches();
		return new SendMessageRequest.Media(id ? value : null, id ? null : value, filename);
	}

	private static SendMessageRequest.Component button(TemplateVariable slot, String value) {
		int index = slot.buttonIndex();
		return switch (slot.kind()) {
			case URL_SUFFIX ->
				SendMessageRequest.Component.button("url", index, List.of(SendMessageRequest.Parameter.text(value)));
			case COUPON_CODE -> SendMessageRequest.Component.button("copy_code", index,
					List.of(SendMessageRequest.Parameter.couponCode(value)));
			default -> SendMessageRequest.Component.button("quick_reply", index,
					List.of(SendMessageRequest.Parameter.payload(value)));
		};
	}

	private static List<TemplateVariable> header(MessageTemplate.Component header, boolean named) {
		String format = (header.format() != null) ? upper(header.format()) : "TEXT";
		MessageTemplate.Example example = header.example();
		return switch (format) {
			case "TEXT" -> {
				List<String> variables = variables(header.text());
				if (variables.isEmpty()) {
					yield List.of();
				}
				String variable = variables.get(0);
				String sample = named ? namedSample(example, variable, true)
						: first((example != null) ? example.headerText() : null);
				String name = named ? variable : "header_" + variable;
				yield List.of(new TemplateVariable(name, Part.HEADER, Kind.TEXT, true, named ? variable : null, -1,
						HEADER_TEXT_LIMIT, sample, "{{" + variable + "}} in the header \"" + header.text() + "\""));
			}
			case "IMAGE", "VIDEO", "DOCUMENT" -> {
				Kind kind = Kind.valueOf(format);
				String lower = format.toLowerCase(Locale.ROOT);
				String sample = first((example != null) ? example.headerHandle() : null);
				List<TemplateVariable> media = new ArrayList<>(2);
				media.add(new TemplateVariable("header_" + lower + "_url", Part.HEADER, kind, true, null, -1, URL_LIMIT,
						sample,
						"the " + format + " header's file: an https link, or the id of media uploaded to Meta"));
				if (kind == Kind.DOCUMENT) {
					media.add(new TemplateVariable("header_document_filename", Part.HEADER, Kind.DOCUMENT_FILENAME,
							false, null, -1, 0, "invoice.pdf", "the name the document is shown with (optional)"));
				}
				yield media;
			}
			case "LOCATION" -> List.of(
					new TemplateVariable("header_latitude", Part.HEADER, Kind.LATITUDE, true, null, -1, 0, "37.4847",
							"the LOCATION header's latitude, in degrees"),
					new TemplateVariable("header_longitude", Part.HEADER, Kind.LONGITUDE, true, null, -1, 0,
							"-122.1473", "the LOCATION header's longitude, in degrees"),
					new TemplateVariable("header_location_name", Part.HEADER, Kind.LOCATION_NAME, false, null, -1, 0,
							"Shop Example", "the place's name (optional)"),
					new TemplateVariable("header_location_address", Part.HEADER, Kind.LOCATION_ADDRESS, false, null, -1,
							0, "1 Hacker Way, Menlo Park, CA 94025", "the place's address (optional)"));
			default -> List.of();
		};
	}

	private static List<TemplateVariable> body(MessageTemplate.Component body, boolean named) {
		MessageTemplate.Example example = body.example();
		List<String> samples = (example != null && example.bodyText() != null && !example.bodyText().isEmpty())
				? example.bodyText().get(0) : List.of();
		List<TemplateVariable> slots = new ArrayList<>();
		List<String> variables = new ArrayList<>(variables(body.text()));
		if (!named) {
			// Meta takes positional values by number, whatever order the text uses them
			// in.
			variables.sort(Comparator.comparingInt(TemplateShape::position));
		}
		for (String variable : variables) {
			String sample = named ? namedSample(example, variable, false) : sample(samples, variable);
			slots.add(bodyVariable(variable, named, sample));
		}
		return slots;
	}

	private static TemplateVariable bodyVariable(String variable, boolean named, String sample) {
		return new TemplateVariable(named ? variable : "body_" + variable, Part.BODY, Kind.TEXT, true,
				named ? variable : null, -1, BODY_LIMIT, (sample != null) ? sample : "value " + variable,
				"{{" + variable + "}} in the body");
	}

	/**
	 * A media card carousel's values, card by card: each card's header media (which every
	 * send gives), body variables and button values, named {@code card_<n>_...}.
	 */
	private static List<TemplateVariable> carousel(MessageTemplate.Component carousel, boolean named) {
		List<TemplateVariable> slots = new ArrayList<>();
		List<MessageTemplate.Card> cards = (carousel.cards() != null) ? carousel.cards() : List.of();
		for (int index = 0; index < cards.size(); index++) {
			List<MessageTemplate.Component> components = (cards.get(index).components() != null)
					? cards.get(index).components() : List.of();
			for (MessageTemplate.Component component : components) {
				int card = index;
				List<TemplateVariable> parts = switch (upper(component.type())) {
					case "HEADER" -> header(component, named);
					case "BODY" -> body(component, named);
					case "BUTTONS" -> buttons(component);
					default -> List.of();
				};
				parts.stream()
					.map((slot) -> slot.onCard(card, (slot.part() == Part.BODY) ? CARD_BODY_LIMIT : 0))
					.forEach(slots::add);
			}
		}
		return slots;
	}

	private static List<TemplateVariable> buttons(MessageTemplate.Component buttons) {
		List<TemplateVariable> slots = new ArrayList<>();
		List<MessageTemplate.Button> list = (buttons.buttons() != null) ? buttons.buttons() : List.of();
		for (int index = 0; index < list.size(); index++) {
			MessageTemplate.Button button = list.get(index);
			String prefix = "button_" + index + "_";
			switch (upper(button.type())) {
				case "URL" -> {
					if (button.url() != null && !variables(button.url()).isEmpty()) {
						String fixed = button.url().substring(0, button.url().indexOf("{{"));
						slots.add(new TemplateVariable(prefix + "url_suffix", Part.BUTTON, Kind.URL_SUFFIX, true, null,
								index, URL_LIMIT - fixed.length(), urlSuffixSample(button, fixed),
								"the end of button " + index + "'s link " + button.url()));
					}
				}
				case "QUICK_REPLY" -> slots.add(new TemplateVariable(prefix + "payload", Part.BUTTON, Kind.PAYLOAD,
						false, null, index, 0, "stop-" + index, "what quick reply button " + index + " (\""
								+ button.text() + "\") sends back when tapped (optional: its text otherwise)"));
				case "COPY_CODE" ->
					slots.add(new TemplateVariable(prefix + "coupon_code", Part.BUTTON, Kind.COUPON_CODE, true, null,
							index, COUPON_CODE_LIMIT, (button.example() instanceof String code) ? code : "SAVE20",
							"the code button " + index + " copies, at most " + COUPON_CODE_LIMIT + " characters"));
				default -> {
					// PHONE_NUMBER and static URL buttons take no value.
				}
			}
		}
		return slots;
	}

	/**
	 * The variables of a text, each once, in order of appearance: {@code 1}, {@code 2} or
	 * {@code first_name}.
	 */
	static List<String> variables(String text) {
		if (text == null) {
			return List.of();
		}
		Set<String> found = new LinkedHashSet<>();
		Matcher matcher = VARIABLE.matcher(text);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return List.copyOf(found);
	}

	private static int position(String variable) {
		try {
			return Integer.parseInt(variable);
		}
		catch (NumberFormatException ex) {
			return Integer.MAX_VALUE;
		}
	}

	private static String namedSample(MessageTemplate.Example example, String variable, boolean header) {
		if (example == null) {
			return null;
		}
		List<MessageTemplate.NamedExample> named = header ? example.headerTextNamedParams()
				: example.bodyTextNamedParams();
		if (named == null) {
			return null;
		}
		return named.stream()
			.filter((sample) -> variable.equals(sample.paramName()))
			.map(MessageTemplate.NamedExample::example)
			.findFirst()
			.orElse(null);
	}

	private static String sample(List<String> samples, String position) {
		try {
			int index = Integer.parseInt(position) - 1;
			return (index >= 0 && index < samples.size()) ? samples.get(index) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String urlSuffixSample(MessageTemplate.Button button, String fixed) {
		if (button.example() instanceof List<?> urls && !urls.isEmpty() && urls.get(0) instanceof String url
				&& url.startsWith(fixed)) {
			return url.substring(fixed.length());
		}
		return "summer25";
	}

	private static String textProblem(TemplateVariable variable, String value) {
		if (hasLineBreak(value) || value.indexOf('\t') >= 0) {
			return variable.name() + " must not contain line breaks or tabs (Meta refuses them in parameters)";
		}
		if (value.contains("     ")) {
			return variable.name() + " must not contain more than four spaces in a row (Meta refuses them)";
		}
		return null;
	}

	private static String mediaProblem(TemplateVariable variable, String value) {
		if (MEDIA_ID.matcher(value).matches()) {
			return null;
		}
		String lower = value.toLowerCase(Locale.ROOT);
		if (!lower.startsWith("https://") || lower.length() <= "https://".length() || hasWhitespace(value)) {
			return variable.name() + " must be an https link or a media id, not \"" + abbreviate(value) + "\"";
		}
		return null;
	}

	private static String coordinateProblem(TemplateVariable variable, String value, int limit) {
		try {
			double degrees = Double.parseDouble(value);
			if (Math.abs(degrees) <= limit) {
				return null;
			}
		}
		catch (NumberFormatException ex) {
			// Not a number: the same answer as out of range.
		}
		return variable.name() + " must be a number of degrees from -" + limit + " to " + limit;
	}

	private static boolean hasLineBreak(String value) {
		return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
	}

	private static boolean hasWhitespace(String value) {
		return value.chars().anyMatch(Character::isWhitespace);
	}

	private static String abbreviate(String value) {
		return (value.length() <= 60) ? value : value.substring(0, 57) + "...";
	}

	private static String first(List<String> values) {
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	private static String upper(String value) {
		return (value != null) ? value.toUpperCase(Locale.ROOT) : "";
	}

}
