package com.wacampaigns.gateway.csv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.wacampaigns.gateway.csv.CsvRows.Row;
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
			assertThat(rows.columns().parameter(second.record(), 1)).isEqualTo("b");
		}
	}

	@Test
	void shouldReadSemicolonsAndTrimFieldsAndGiveShortRowsEmptyFields() throws IOException {
		try (CsvRows rows = open("Phone_Number ; 1 ; 2\n +919812300001 ;a\n", 2)) {
			Row row = rows.next();

			assertThat(rows.columns().phone(row.record())).isEqualTo("+919812300001");
			assertThat(rows.columns().parameter(row.record(), 1)).isEqualTo("a");
			assertThat(rows.columns().parameter(row.record(), 2)).isEmpty();
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

	private static CsvRows open(String csv, int parameterCount) throws IOException {
		return CsvRows.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), parameterCount);
	}

}
