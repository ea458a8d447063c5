package com.wacampaigns.gateway.campaign;

import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.springframework.stereotype.Component;

/**
 * Phone numbers to E.164 with Google's libphonenumber; a number without a country code is
 * read in the user's default region.
 */
@Component
public class PhoneNumbers {

	private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

	public Optional<Normalized> normalize(String raw, String defaultRegion) {
		try {
			PhoneNumber number = this.util.parse(raw, defaultRegion);
			if (!this.util.isValidNumber(number)) {
				return Optional.empty();
			}
			return Optional.of(new Normalized(this.util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164),
					Integer.toString(number.getCountryCode())));
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

	/**
	 * @param e164 such as {@code +919812345678}
	 * @param countryCode such as {@code 91}
	 */
	public record Normalized(String e164, String countryCode) {

	}

}
