package com.wacampaigns.gateway.recipient;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.wacampaigns.gateway.phone.PhoneNumbers;
import com.wacampaigns.gateway.recipient.RecipientProblem.Kind;

import static org.assertj.core.api.Assertions.assertThat;

class RecipientValidatorTests {

	private static final RecipientRules TWO_PARAMETERS_IN_INDIA = new RecipientRules("IN", 2);

	private final RecipientValidator validator = new RecipientValidator(new PhoneNumbers());

	@Test
	void shouldNormaliseTheNumberInTheOwnersRegionAndKeepWhatTheUserWrote() {
		RecipientCheck check = check("98123 45678", "Ana", Map.of("1", "Ana", "2", "A-1"));

		assertThat(check)
			.isEqualTo(new Recipient("98123 45678", "91", "+919812345678", "Ana", "{\"1\":\"Ana\",\"2\":\"A-1\"}"));
	}

	@Test
	void shouldWriteTheTemplatesParametersInOrderAsJsonAndDropTheRest() {
		RecipientCheck check = check("+12015550123", null,
				Map.of("2", "say \"hi\"\\\n", "1", "Zoë", "3", "not in the template"));

		assertThat(check).isInstanceOfSatisfying(Recipient.class, (recipient) -> {
			assertThat(recipient.e164()).isEqualTo("+12015550123");
			assertThat(recipient.countryCode()).isEqualTo("1");
			assertThat(recipient.name()).isNull();
			assertThat(recipient.parametersJson()).isEqualTo("{\"1\":\"Zoë\",\"2\":\"say \\\"hi\\\"\\\\\\n\"}");
		});
	}

	@Test
	void shouldWriteAnEmptyObjectForATemplateWithoutParameters() {
		RecipientCheck check = this.validator.check("+919812345678", "Ana", (position) -> null,
				new RecipientRules("IN", 0));

		assertThat(check).isInstanceOfSatisfying(Recipient.class,
				(recipient) -> assertThat(recipient.parametersJson()).isEqualTo("{}"));
	}

	@Test
	void shouldRefuseAMissingOrInvalidNumberBeforeLookingAtTheParameters() {
		assertThat(check("", "Ana", Map.of())).isEqualTo(new RecipientProblem(Kind.NO_PHONE, "no phone number"));
		assertThat(check(null, "Ana", Map.of())).isSameAs(RecipientProblem.NO_PHONE);
		assertThat(check("12", "Ana", Map.of()))
			.isEqualTo(new RecipientProblem(Kind.INVALID_PHONE, "not a valid phone number"));
		assertThat(check("call me", "Ana", Map.of("1", "a", "2", "b"))).isSameAs(RecipientProblem.INVALID_PHONE);
	}

	@Test
	void shouldNameTheFirstMissingOrBlankParameter() {
		assertThat(check("+919812345678", "Ana", Map.of("1", "Ana")))
			.isEqualTo(new RecipientProblem(Kind.MISSING_PARAMETER, "parameter 2 is missing; the template needs 2"));
		assertThat(check("+919812345678", "Ana", Map.of("1", " ", "2", "A-1")))
			.isEqualTo(new RecipientProblem(Kind.MISSING_PARAMETER, "parameter 1 is missing; the template needs 2"));
	}

	@Test
	void shouldWordTheProblemsTheImportFindsAndCountOnlySuppressionsAsImported() {
		assertThat(RecipientProblem.duplicate("+919812345678").reason())
			.isEqualTo("duplicate: +919812345678 is already in this campaign");
		assertThat(RecipientProblem.overLimit(10).reason())
			.isEqualTo("over the limit of 10 recipients per campaign; this row and the rest were not imported");
		assertThat(RecipientProblem.SUPPRESSED.reason()).isEqualTo("on the suppression list: imported as SKIPPED");
		assertThat(Kind.values()).filteredOn((kind) -> !kind.isRejection()).containsExactly(Kind.SUPPRESSED);
	}

	private RecipientCheck check(String phone, String name, Map<String, String> parameters) {
		return this.validator.check(phone, name, (position) -> parameters.get(Integer.toString(position)),
				TWO_PARAMETERS_IN_INDIA);
	}

}
