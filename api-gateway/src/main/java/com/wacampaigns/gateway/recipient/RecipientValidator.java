package com.wacampaigns.gateway.recipient;

import java.util.Optional;
import java.util.function.IntFunction;

import tools.jackson.core.io.JsonStringEncoder;

import org.springframework.stereotype.Component;

import com.wacampaigns.gateway.phone.PhoneNumbers;

/**
 * The checks of one recipient on its own, the same for the JSON create and the CSV
 * import: a number that is valid as written or in the owner's region, and every parameter
 * the template needs. Neither reads nor writes anything, so the import runs it on every
 * core; duplicates and suppressions depend on the campaign and its owner, and are the
 * callers' to find.
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
	 * @param parameters the value at each position from 1, or null; a blank one is
	 * missing
	 * @return the recipient in E.164 with its parameters as JSON, or its first problem
	 * (the number's before the parameters')
	 */
	public RecipientCheck check(String phone, String name, IntFunction<String> parameters, RecipientRules rules) {
		if (phone == null || phone.isBlank()) {
			return RecipientProblem.NO_PHONE;
		}
		Optional<PhoneNumbers.Normalized> number = this.phones.normalize(phone, rules.defaultRegion());
		if (number.isEmpty()) {
			return RecipientProblem.INVALID_PHONE;
		}
		int count = rules.parameterCount();
		// Written directly rather than through a Map and Jackson: the import runs this
		// for every row.
		StringBuilder json = new StringBuilder(16 * count + 2).append('{');
		for (int position = 1; position <= count; position++) {
			String value = parameters.apply(position);
			if (value == null || value.isBlank()) {
				return RecipientProblem.missingParameter(position, count);
			}
			if (position > 1) {
				json.append(',');
			}
			json.append('"').append(position).append("\":\"");
			JSON_STRINGS.quoteAsString(value, json);
			json.append('"');
		}
		return new Recipient(phone, number.get().countryCode(), number.get().e164(), name, json.append('}').toString());
	}

}
