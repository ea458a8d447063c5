package com.wacampaigns.gateway.phone;

import java.util.Random;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled rules answer as libphonenumber's {@code isValidNumber} does, in every
 * region, shared country codes (+1, +7, +44...) included.
 */
class NumberValidityTests {

	private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

	private final NumberValidity validity = new NumberValidity(this.util);

	@Test
	void shouldAgreeWithLibphonenumberOnEveryRegionsNumbersAndTheirNeighbours() {
		Random random = new Random(7);
		int compared = 0;
		int valid = 0;
		for (String region : this.util.getSupportedRegions()) {
			int countryCode = this.util.getCountryCodeForRegion(region);
			for (PhoneNumberType type : PhoneNumberType.values()) {
				PhoneNumber example = this.util.getExampleNumberForType(region, type);
				if (example == null) {
					continue;
				}
				String seed = this.util.getNationalSignificantNumber(example);
				for (int i = 0; i < 150; i++) {
					String national = (i == 0) ? seed : mutated(seed, random);
					// A leading zero (Benin, Italy) is the parser's: the fast path never
					// asks.
					if (national == null || national.charAt(0) == '0') {
						continue;
					}
					boolean expected = this.util.isValidNumber(
							new PhoneNumber().setCountryCode(countryCode).setNationalNumber(Long.parseLong(national)));
					assertThat(this.validity.isValid(countryCode, national))
						.as("+%d %s (%s)", countryCode, national, region)
						.isEqualTo(expected);
					compared++;
					valid += expected ? 1 : 0;
				}
			}
		}
		// Enough of both answers that a rule answering always one way would fail.
		assertThat(compared).isGreaterThan(150_000);
		assertThat(valid).isBetween(compared / 10, compared * 9 / 10);
	}

	@Test
	void shouldLeaveNonGeographicCodesToTheLibrary() {
		assertThat(this.validity.isValid(800, "12345678")).isNull();
		assertThat(this.validity.isValid(999, "12345678")).isFalse();
	}

	/** One to three digits changed, added or dropped; null when too long for a number. */
	private static String mutated(String seed, Random random) {
		StringBuilder digits = new StringBuilder(seed);
		for (int change = random.nextInt(3); change >= 0; change--) {
			int at = random.nextInt(digits.length());
			switch (random.nextInt(3)) {
				case 0 -> {
					if (digits.length() > 2) {
						digits.deleteCharAt(at);
					}
				}
				case 1 -> digits.insert(at, (char) ('0' + random.nextInt(10)));
				default -> digits.setCharAt(at, (char) ('0' + random.nextInt(10)));
			}
		}
		return (digits.length() > 17) ? null : digits.toString();
	}

}
