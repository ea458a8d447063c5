package com.wacampaigns.gateway.suppression;

import java.util.List;
import java.util.TreeSet;

/**
 * The E.164 forms one WhatsApp number can take. A {@code wa_id} is not always the number
 * as it was imported: Mexico's carry a {@code 1} after the country code (521 and ten
 * digits, where E.164 is 52 and ten digits), and Brazil's may lack the ninth digit that
 * mobile numbers gained (55, a two-digit area code and eight digits starting 6 to 9,
 * where E.164 has a 9 before those eight). An opt-out is applied to every form so that it
 * matches the number however the owner imported it.
 */
final class WaIdForms {

	private WaIdForms() {
	}

	/**
	 * @param waId the digits as Meta writes them, with or without a leading {@code +}
	 * @return the number's forms, sorted, the given one among them
	 */
	static List<String> of(String waId) {
		String digits = waId.startsWith("+") ? waId.substring(1) : waId;
		TreeSet<String> forms = new TreeSet<>();
		forms.add("+" + digits);
		if (!digits.chars().allMatch(Character::isDigit)) {
			return List.copyOf(forms);
		}
		if (digits.length() == 13 && digits.startsWith("521") && isBetween(digits.charAt(3), '2', '9')) {
			forms.add("+52" + digits.substring(3));
		}
		else if (digits.length() == 12 && digits.startsWith("52") && isBetween(digits.charAt(2), '2', '9')) {
			forms.add("+521" + digits.substring(2));
		}
		else if (digits.length() == 12 && isBrazilianAreaCode(digits) && isBetween(digits.charAt(4), '6', '9')) {
			forms.add("+" + digits.substring(0, 4) + "9" + digits.substring(4));
		}
		else if (digits.length() == 13 && isBrazilianAreaCode(digits) && digits.charAt(4) == '9'
				&& isBetween(digits.charAt(5), '6', '9')) {
			forms.add("+" + digits.substring(0, 4) + digits.substring(5));
		}
		return List.copyOf(forms);
	}

	/** 55 and an area code of two digits, neither of them 0. */
	private static boolean isBrazilianAreaCode(String digits) {
		return digits.startsWith("55") && isBetween(digits.charAt(2), '1', '9')
				&& isBetween(digits.charAt(3), '1', '9');
	}

	private static boolean isBetween(char digit, char low, char high) {
		return digit >= low && digit <= high;
	}

}
