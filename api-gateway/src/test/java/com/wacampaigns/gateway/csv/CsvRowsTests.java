package com.wacampaigns.gateway.csv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.wacampaigns.common.graph.MessageTemplate;
import com.wacampaigns.common.template.TemplateShape;
import com.wacampaigns.gateway.csv.CsvRows.Row;
import com.wacampaigns.gateway.recipient.RecipientRules;
import com.wacampaigns.gateway.recipient.TemplateValue;
import com.wacampaigns.gateway.web.ApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvRowsTests {

	@Test
	void shouldSkipTheByteOrderMarkAndCountAQuotedFieldOverSeveralLinesAsOneRow() throws IOException {
		try (CsvRows rows = open("\uFEFFphone,name,1\r\n+919812300001,\"Smith,\nJo\",a\r\n\r\n+919812300002,Bo,b\r\n",
				1)) {
			assertThat(rows.hasNext()).isTrue();
			Row first = rows.next();
			assertThat(rows.hasNext()).isTrue();
			Row second = rows.next();

			assertThat(rows.hasNext()).isFalse();
			assertThat(first.line()).isEqualTo(2);
			assertThat(rows.columns().phone(first.record())).isEqualTo("+919812300001");
			assertThat(rows.columns().name(first.record())).isEqualTo("Smith,\nJo");
			assertThat(second.line()).as("the blank line is not a row").isEqualTo(3);
			assertThat(rows.columns().value(second.record(), 0)).isEqualTo("b");
		}
	}

	@Test
	void shouldReadSemicolonsAndTrimFieldsAndGiveShortRowsEmptyFields() throws IOException {
		try (CsvRows rows = open("Phone_Number ; 1 ; 2\n +919812300001 ;a\n", 2)) {
			Row row = rows.next();

			assertThat(rows.columns().phone(row.record())).isEqualTo("+919812300001");
			assertThat(rows.columns().value(row.record(), 0)).isEqualTo("a");
			assertThat(rows.columns().value(row.record(), 1)).isEmpty();
			assertThat(rows.columns().name(row.record())).as("no name column").isNull();
		}
	}

	@Test
	void shouldRefuseAnEmptyFileAndAHeaderThatDoesNotFitTheTemplate() {
		assertThatThrownBy(() -> open("\n", 2)).isInstanceOfSatisfying(ApiException.class,
				(ex) -> assertThat(ex.getBody().getDetail()).isEqualTo("The file is empty"));
		assertThatThrownBy(() -> open("name,1\nAna,a\n", 2)).isInstanceOfSatisfying(ApiException.class,
				(ex) -> assertThat(ex.getBody().getDetail())
					.isEqualTo("The CSV header does not fit the template; nothing was imported"));
	}

	@Test
	void shouldRefuseAFileThatStopsBeingCsvNamingTheLastGoodRow() throws IOException {
		try (CsvRows rows = open("phone,1\n+919812300001,a\n+919812300002,\"b\"x\n", 1)) {
			rows.next();

			assertThatThrownBy(rows::hasNext).isInstanceOfSatisfying(ApiException.class,
					(ex) -> assertThat(ex.getBody().getDetail())
						.isEqualTo("The file is not readable CSV after line 2; nothing was imported"));
		}
	}

	@Test
	void shouldFindVariablesByReadableNameInAnyOrderAndNameEachMissingColumn() throws IOException {
		RecipientRules rules = RecipientRules.of("US",
				TemplateShape.of("NAMED", List.of(new MessageTemplate.Component("HEADER", "IMAGE", null, null, null),
						new MessageTemplate.Component("BODY", null, "Hi {{first_name}}", null, null),
						new MessageTemplate.Component("BUTTONS", null, null, null,
								List.of(new MessageTemplate.Button("URL", "Shop", "https://s.example.com/{{1}}", null,
										null), new MessageTemplate.Button("QUICK_REPLY", "Stop", null, null, null))))),
				Map.of());
		try (CsvRows rows = open(
				"button_0_url_suffix,First_Name,phone,header_image_url\nx,Ana,+12015550123,https://i\n", rules)) {
			Row row = rows.next();

			assertThat(rows.columns().value(row.record(), 0)).isEqualTo("https://i");
			assertThat(rows.columns().value(row.record(), 1)).isEqualTo("Ana");
			assertThat(rows.columns().value(row.record(), 2)).isEqualTo("x");
			assertThat(rows.columns().value(row.record(), 3)).as("the optional payload has no column").isNull();
		}
		assertThatThrownBy(() -> open("phone,first_name\n+12015550123,Ana\n", rules)).isInstanceOfSatisfying(
				ApiException.class,
				(ex) -> assertThat(ex.getBody().getProperties().get("errors")).asString()
					.contains("no column header_image_url")
					.contains("no column button_0_url_suffix")
					.doesNotContain("button_1_payload"));
		RecipientRules withFixedImage = new RecipientRules("US", rules.variables(),
				Map.of("header_image_url", TemplateValue.fixed("https://cdn.example.com/a.jpg")));
		try (CsvRows rows = open("phone,first_name,button_0_url_suffix\n+12015550123,Ana,x\n", withFixedImage)) {
			assertThat(rows.columns().value(rows.next().record(), 0)).as("the campaign's value stands in").isNull();
		}
	}

	private static CsvRows open(String csv, int parameterCount) throws IOException {
		return open(csv, RecipientRules.of("US", TemplateShape.positionalBody(parameterCount), Map.of()));
	}

	private static CsvRows open(String csv, RecipientRules rules) throws IOException {
		return CsvRows.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), rules);
	}

}
