package com.wacampaigns.gateway.recipient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.wacampaigns.common.graph.MessageTemplate;
import com.wacampaigns.common.template.TemplateShape;
import com.wacampaigns.gateway.phone.PhoneNumbers;
import com.wacampaigns.gateway.recipient.RecipientProblem.Kind;

import static org.assertj.core.api.Assertions.assertThat;

class RecipientValidatorTests {

	private static final RecipientRules TWO_PARAMETERS_IN_INDIA = RecipientRules.of("IN",
			TemplateShape.positionalBody(2), Map.of());

	/** An IMAGE header, NAMED body variables, a dynamic URL button and a quick reply. */
	private static final TemplateShape SUMMER_SALE = TemplateShape.of("NAMED",
			List.of(new MessageTemplate.Component("HEADER", "IMAGE", null, null, null),
					new MessageTemplate.Component("BODY", null, "Hi {{first_name}}, {{discount}} off", null, null),
					new MessageTemplate.Component("BUTTONS", null, null, null, List.of(
							new MessageTemplate.Button("URL", "Shop", "https://s.example.com/{{1}}", null, null),
							new MessageTemplate.Button("QUICK_REPLY", "Stop", null, null, null)))));

	private final RecipientValidator validator = new RecipientValidator(new PhoneNumbers());

	@Test
	void shouldNormaliseTheNumberInTheOwnersRegionAndKeepWhatTheUserWrote() {
		RecipientCheck check = check("98123 45678", "Ana", Map.of("1", "Ana", "2", "A-1"));

		assertThat(check).isEqualTo(
				new Recipient("98123 45678", "91", "+919812345678", "Ana", "{\"body_1\":\"Ana\",\"body_2\":\"A-1\"}"));
	}

	@Test
	void shouldWriteTheTemplatesParametersInOrderAsJsonAndDropTheRest() {
		RecipientCheck check = check("+12015550123", null,
				Map.of("2", "say \"hi\"\\", "1", "Zoë", "3", "not in the template"));

		assertThat(check).isInstanceOfSatisfying(Recipient.class, (recipient) -> {
			assertThat(recipient.e164()).isEqualTo("+12015550123");
			assertThat(recipient.countryCode()).isEqualTo("1");
			assertThat(recipient.name()).isNull();
			assertThat(recipient.parametersJson()).isEqualTo("{\"body_1\":\"Zoë\",\"body_2\":\"say \\\"hi\\\"\\\\\"}");
		});
	}

	@Test
	void shouldWriteAnEmptyObjectForATemplateWithoutParameters() {
		RecipientCheck check = this.validator.check("+919812345678", "Ana", (index) -> null,
				RecipientRules.of("IN", TemplateShape.positionalBody(0), Map.of()));

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

	@Test
	void shouldCheckEveryComponentsValuesByNameAndStoreTheRecipientsOwn() {
		RecipientRules rules = RecipientRules.of("US", SUMMER_SALE, Map.of());
		Map<String, String> values = Map.of("header_image_url", "https://cdn.example.com/a.jpg", "first_name", "Ana",
				"discount", "20%", "button_0_url_suffix", "ana-1");

		assertThat(checkAgainst(rules, "Ana", values)).isInstanceOfSatisfying(Recipient.class,
				(recipient) -> assertThat(recipient.parametersJson())
					.isEqualTo("{\"header_image_url\":\"https://cdn.example.com/a.jpg\",\"first_name\":\"Ana\","
							+ "\"discount\":\"20%\",\"button_0_url_suffix\":\"ana-1\"}"));
		assertThat(checkAgainst(rules, "Ana", without(values, "button_0_url_suffix")))
			.isEqualTo(new RecipientProblem(Kind.MISSING_PARAMETER,
					"button_0_url_suffix is missing: the end of button 0's link https://s.example.com/{{1}}"));
		assertThat(checkAgainst(rules, "Ana", with(values, "header_image_url", "http://cdn.example.com/a.jpg")))
			.isEqualTo(new RecipientProblem(Kind.INVALID_PARAMETER,
					"header_image_url must be an https link or a media id, not \"http://cdn.example.com/a.jpg\""));
		assertThat(checkAgainst(rules, "Ana", with(values, "first_name", "Ana\nMaria")))
			.extracting(RecipientCheck.class::cast)
			.isInstanceOfSatisfying(RecipientProblem.class,
					(problem) -> assertThat(problem.kind()).isEqualTo(Kind.INVALID_PARAMETER));
	}

	@Test
	void shouldTakeTheCampaignsValuesWhereTheRecipientHasNoneAndStoreOnlyTheNameItTookFrom() {
		RecipientRules rules = RecipientRules.of("US", SUMMER_SALE, Map.of("header_image_url",
				TemplateValue.fixed("https://cdn.example.com/all.jpg"), "first_name", TemplateValue.field("name")));
		Map<String, String> values = Map.of("discount", "20%", "button_0_url_suffix", "x");

		assertThat(checkAgainst(rules, "Bo", values)).isInstanceOfSatisfying(Recipient.class,
				(recipient) -> assertThat(recipient.parametersJson())
					.isEqualTo("{\"first_name\":\"Bo\",\"discount\":\"20%\",\"button_0_url_suffix\":\"x\"}"));
		assertThat(checkAgainst(rules, null, values)).isInstanceOfSatisfying(RecipientProblem.class,
				(problem) -> assertThat(problem.reason()).startsWith("first_name is missing"));
		assertThat(checkAgainst(rules, "Bo", with(values, "first_name", "Robert"))).isInstanceOfSatisfying(
				Recipient.class,
				(recipient) -> assertThat(recipient.parametersJson()).as("the recipient's own value first")
					.contains("\"first_name\":\"Robert\""));
	}

	private RecipientCheck checkAgainst(RecipientRules rules, String name, Map<String, String> values) {
		return this.validator.check("+12015550123", name, (index) -> values.get(rules.variables().get(index).name()),
				rules);
	}

	private static Map<String, String> with(Map<String, String> values, String name, String value) {
		Map<String, String> changed = new HashMap<>(values);
		changed.put(name, value);
		return changed;
	}

	private static Map<String, String> without(Map<String, String> values, String name) {
		Map<String, String> changed = new HashMap<>(values);
		changed.remove(name);
		return changed;
	}

	private RecipientCheck check(String phone, String name, Map<String, String> parameters) {
		return this.validator.check(phone, name, (index) -> parameters.get(Integer.toString(index + 1)),
				TWO_PARAMETERS_IN_INDIA);
	}

}
