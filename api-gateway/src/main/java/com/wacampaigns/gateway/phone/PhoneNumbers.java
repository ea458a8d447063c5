package com.wacampaigns.gateway.phone;

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

	private static final String UNKNOWN_REGION = "ZZ";

	private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

	private final NumberValidity validity = new NumberValidity(this.util);

	public Optional<Normalized> normalize(String raw, String defaultRegion) {
		if (isCanonical(raw)) {
			Optional<Normalized> checked = checkCanonical(raw);
			if (checked != null) {
				return checked;
			}
		}
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
	 * A number already written in E.164 ({@code +} and digits, as bulk exports are) needs
	 * none of the lenient parser's work, which is three quarters of the cost of a check:
	 * its country code is the one prefix of its digits that is a country code (they are
	 * prefix-free), and libphonenumber's validity rules then run on the parts, compiled
	 * ({@link NumberValidity}). The same answers as {@code parse} (a test compares them).
	 * @return the answer, or {@code null} for a number the parser should read (a national
	 * number with a leading zero, as in Italy)
	 */
	private Optional<Normalized> checkCanonical(String raw) {
		for (int digits = 1; digits <= 3; digits++) {
			int countryCode = Integer.parseInt(raw, 1, 1 + digits, 10);
			if (UNKNOWN_REGION.equals(this.util.getRegionCodeForCountryCode(countryCode))) {
				continue;
			}
			if (raw.charAt(1 + digits) == '0') {
				return null;
			}
			Boolean valid = this.validity.isValid(countryCode, raw.substring(1 + digits));
			if (valid == null) {
				PhoneNumber number = new PhoneNumber().setCountryCode(countryCode)
					.setNationalNumber(Long.parseLong(raw, 1 + digits, raw.length(), 10));
				valid = this.util.isValidNumber(number);
			}
			// A number that is not valid as written may still be one once the parser has
			// applied the region's national prefix rules (Norfolk Island's, say).
			return valid ? Optional.of(new Normalized(raw, Integer.toString(countryCode))) : null;
		}
		return null;
	}

	/** {@code +}, a digit other than 0, and 7 to 14 more digits. */
	private static boolean isCanonical(String raw) {
		int length = raw.length();
		if (length < 9 || length > 16 || raw.charAt(0) != '+' || raw.charAt(1) == '0') {
			return false;
		}
		for (int i = 1; i < length; i++) {
			char c = raw.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	/**
	 * @param e164 such as {@code +919812345678}
	 * @param countryCode such as {@code 91}
	 */
	public record Normalized(String e164, String countryCode) {

	}

}
