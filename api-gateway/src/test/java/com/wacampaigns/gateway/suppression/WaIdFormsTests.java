package com.wacampaigns.gateway.suppression;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaIdFormsTests {

	@Test
	void shouldMatchAMexicanWaIdWithTheOneToTheNumberWithout() {
		assertThat(WaIdForms.of("5215512345678")).containsExactly("+5215512345678", "+525512345678");
		assertThat(WaIdForms.of("525512345678")).containsExactly("+5215512345678", "+525512345678");
		assertThat(WaIdForms.of("+5215512345678")).containsExactly("+5215512345678", "+525512345678");
	}

	@Test
	void shouldMatchABrazilianWaIdWithoutTheNinthDigitToTheNumberWithIt() {
		assertThat(WaIdForms.of("551187654321")).containsExactly("+551187654321", "+5511987654321");
		assertThat(WaIdForms.of("5511987654321")).containsExactly("+551187654321", "+5511987654321");
		assertThat(WaIdForms.of("+5521987654321")).containsExactly("+552187654321", "+5521987654321");
	}

	@Test
	void shouldLeaveBrazilianNumbersThatAreNotMobileAsTheyAre() {
		assertThat(WaIdForms.of("551132345678")).as("a landline").containsExactly("+551132345678");
		assertThat(WaIdForms.of("5511912345678")).as("no eight-digit mobile form").containsExactly("+5511912345678");
		assertThat(WaIdForms.of("550187654321")).as("no area code starts with 0").containsExactly("+550187654321");
	}

	@Test
	void shouldLeaveOtherCountriesAsTheyAre() {
		assertThat(WaIdForms.of("919812345678")).containsExactly("+919812345678");
		assertThat(WaIdForms.of("+447911123456")).containsExactly("+447911123456");
		assertThat(WaIdForms.of("15550001111")).containsExactly("+15550001111");
	}

	@Test
	void shouldNotGuessFormsOfWhatIsNotDigits() {
		assertThat(WaIdForms.of("55 11 8765-4321")).containsExactly("+55 11 8765-4321");
	}

}
