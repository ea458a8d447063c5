package com.wacampaigns.gateway.recipient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import com.wacampaigns.common.template.ParameterType;
import com.wacampaigns.common.template.TemplateShape;
import com.wacampaigns.common.template.TemplateVariable;

/**
 * What a campaign says of a template variable: where it comes from when a recipient has
 * no value of its own (one {@code value} for everyone, such as the header image, or a
 * {@code field} of the recipient: {@code name}), and for a body variable the {@code type}
 * it is sent as ({@code text}, {@code currency} with its {@code currency_code}, or
 * {@code date_time}). A campaign's {@code template_values} maps variable names to these.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateValue(String value, String field, String type, String currencyCode) {

	/** The recipient fields a variable may be taken from. */
	public static final List<String> FIELDS = List.of("name");

	public static TemplateValue fixed(String value) {
		return new TemplateValue(value, null, null, null);
	}

	/** A value from the recipient's field, such as {@code name}. */
	public static TemplateValue field(String field) {
		return new TemplateValue(null, field, null, null);
	}

	/** What the value is sent as: text unless said otherwise. */
	public ParameterType parameterType() {
		ParameterType type = ParameterType.of(this.type, this.currencyCode).type();
		return (type != null) ? type : ParameterType.TEXT;
	}

	/** Whether the campaign gives one value for everyone. */
	boolean isFixed() {
		return this.value != null;
	}

	/** Whether the value comes from the recipient's name. */
	boolean isName() {
		return "name".equals(this.field);
	}

	/**
	 * Why these values cannot stand for the template's variables, if they cannot: a name
	 * that is no variable of the template, neither or both of value and field, an unknown
	 * field, a fixed value Meta would refuse there.
	 * @return the first problem, as the variable's name and the reason
	 */
	public static Optional<Map.Entry<String, String>> problem(Map<String, TemplateValue> values, TemplateShape shape) {
		for (Map.Entry<String, TemplateValue> entry : values.entrySet()) {
			String name = entry.getKey();
			TemplateValue given = entry.getValue();
			Optional<TemplateVariable> variable = shape.variable(name);
			if (variable.isEmpty()) {
				return problem(name, "the template has no variable " + name + "; it has "
						+ shape.variables().stream().map(TemplateVariable::name).toList());
			}
			if (given == null || (given.value() == null && given.field() == null && given.type() == null)) {
				return problem(name, "give a value for everyone, the recipient field it comes from, or its type");
			}
			if (given.value() != null && given.field() != null) {
				return problem(name, "give either a value for everyone or the recipient field it comes from, not both");
			}
			if (given.field() != null && !FIELDS.contains(given.field())) {
				return problem(name, "field must be one of " + FIELDS);
			}
			ParameterType.Result type = ParameterType.of(given.type(), given.currencyCode());
			if (type.problem() != null) {
				return problem(name, type.problem());
			}
			if (type.type().kind() != ParameterType.Kind.TEXT && variable.get().part() != TemplateVariable.Part.BODY) {
				return problem(name, "only a body variable can be sent as a currency or a date_time");
			}
			if (given.value() != null) {
				if (given.value().isBlank()) {
					return problem(name, "the value is blank");
				}
				Optional<String> refused = TemplateShape.problem(variable.get(), given.value(), type.type());
				if (refused.isPresent()) {
					return problem(name, refused.get());
				}
			}
		}
		return Optional.empty();
	}

	/** The fixed values by the variables' names (aliases resolved). */
	public static Map<String, TemplateValue> byVariableName(Map<String, TemplateValue> values, TemplateShape shape) {
		Map<String, TemplateValue> named = new LinkedHashMap<>();
		values.forEach((name, value) -> named.put(shape.variable(name).orElseThrow().name(), value));
		return named;
	}

	private static Optional<Map.Entry<String, String>> problem(String name, String reason) {
		return Optional.of(Map.entry(name, reason));
	}

}
