package com.wacampaigns.gateway.phone;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The E.164 fast path answers exactly as libphonenumber's parser does.
 */
class PhoneNumbersTests {

	private final PhoneNumbers phones = new PhoneNumbers();

	private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

	@Test
	void shouldAgreeWithTheParserOnEveryRegionsExamplesAndOnRandomDigits() {
		List<String> numbers = new ArrayList<>();
		for (String region : this.util.getSupportedRegions()) {
			for (PhoneNumberType type : PhoneNumberType.values()) {
				PhoneNumber example = this.util.getExampleNumberForType(region, type);
				if (example != null) {
					String e164 = this.util.format(example, PhoneNumberFormat.E164);
					numbers.add(e164);
					numbers.add(e164 + "1");
					numbers.add(e164.substring(0, e164.length() - 1));
				}
			}
		}
		Random random = new Random(42);
		for (int i = 0; i < 20_000; i++) {
			StringBuilder digits = new StringBuilder("+").append(1 + random.nextInt(9));
			int length = 6 + random.nextInt(10);
			for (int d = 0; d < length; d++) {
				digits.append(random.nextInt(10));
			}
			numbers.add(digits.toString());
		}
		numbers.addAll(List.of("+390612345678", "+3906123456789", "+12015550123", "+447911123456", "+919812345678",
				"+80012345678", "+882351234567"));

		assertThat(numbers).hasSizeGreaterThan(20_000)
			.allSatisfy(
					(number) -> assertThat(this.phones.normalize(number, "US")).as(number).isEqualTo(parsed(number)));
	}

	@Test
	void shouldStillReadLocalAndFormattedNumbersInTheUsersRegion() {
		assertThat(this.phones.normalize("98123 45678", "IN"))
			.contains(new PhoneNumbers.Normalized("+919812345678", "91"));
		assertThat(this.phones.normalize("+1 (201) 555-0123", "IN"))
			.contains(new PhoneNumbers.Normalized("+12015550123", "1"));
		assertThat(this.phones.normalize("12", "IN")).isEmpty();
	}

	private Optional<PhoneNumbers.Normalized> parsed(String raw) {
		try {
			PhoneNumber number = this.util.parse(raw, "US");
			return this.util.isValidNumber(number)
					? Optional.of(new PhoneNumbers.Normalized(this.util.format(number, PhoneNumberFormat.E164),
							Integer.toString(number.getCountryCode())))
					: Optional.empty();
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

}
