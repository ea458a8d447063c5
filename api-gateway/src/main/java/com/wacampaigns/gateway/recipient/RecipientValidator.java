package com.wacampaigns.gateway.recipient;

import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

import tools.jackson.core.io.JsonStringEncoder;

import org.springframework.stereotype.Component;

import com.wacampaigns.common.template.ParameterType;
import com.wacampaigns.common.template.TemplateShape;
import com.wacampaigns.common.template.TemplateVariable;
import com.wacampaigns.gateway.phone.PhoneNumbers;

/**
 * The checks of one recipient on its own, the same for the JSON create and the CSV
 * import: a number that is valid as written or in the owner's region, and a value for
 * every variable the template needs, in a form Meta takes there (an https link for a
 * media header, no line breaks in text, no more characters than fit). Neither reads nor
 * writes anything, so the import runs it on every core; duplicates and suppressions
 * depend on the campaign and its owner, and are the callers' to find.
 */
@Component
public class RecipientValidator {

	private static final JsonStringEncoder JSON_STRINGS = JsonStringEncoder.getInstance();

	private final PhoneNumbers phones;

	public RecipientValidator(PhoneNumbers phones) {
		this.phones = phones;
	}

	/**
	 * @param phone as the user wrote it
	 * @param name kept as given
	 * @param values the value of each of the rules' variables by its index, or null; a
	 * blank one is missing
	 * @return the recipient in E.164 with its own values as JSON by variable name, or its
	 * first problem (the number's before the values')
	 */
	public RecipientCheck check(String phone, String name, IntFunction<String> values, RecipientRules rules) {
		if (phone == null || phone.isBlank()) {
			return RecipientProblem.NO_PHONE;
		}
		Optional<PhoneNumbers.Normalized> number = this.phones.normalize(phone, rules.defaultRegion());
		if (number.isEmpty()) {
			return RecipientProblem.INVALID_PHONE;
		}
		List<TemplateVariable> variables = rules.variables();
		// Written directly rather than through a Map and Jackson: the import runs this
		// for every row.
		StringBuilder json = new StringBuilder(24 * variables.size() + 2).append('{');
		for (int index = 0; index < variables.size(); index++) {
			TemplateVariable variable = variables.get(index);
			String value = values.apply(index);
			TemplateValue fallback = rules.defaults().get(variable.name());
			if (isBlank(value)) {
				if (fallback != null && fallback.isFixed()) {
					// The campaign's value for everyone: sent from the campaign, not
					// stored.
					continue;
				}
				value = (fallback != null && fallback.isName()) ? name : null;
			}
			if (isBlank(value)) {
				if (variable.required()) {
					return RecipientProblem.missing(variable, rules.bodyCount());
				}
				continue;
			}
			Optional<String> refused = TemplateShape.problem(variable, value,
					(fallback != null) ? fallback.parameterType() : ParameterType.TEXT);
			if (refused.isPresent()) {
				return RecipientProblem.invalidValue(refused.get());
			}
			if (json.length() > 1) {
				json.append(',');
			}
			json.append('"').append(variable.name()).append("\":\"");
			JSON_STRINGS.quoteAsString(value, json);
			json.append('"');
		}
		return new Recipient(phone, number.get().countryCode(), number.get().e164(), name, json.append('}').toString());
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
