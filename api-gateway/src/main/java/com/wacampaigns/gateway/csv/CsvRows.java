package com.wacampaigns.gateway.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;
import de.siegmar.fastcsv.reader.FieldModifiers;

import com.wacampaigns.common.template.TemplateVariable;
import com.wacampaigns.gateway.recipient.RecipientRules;
import com.wacampaigns.gateway.web.ApiException;

/**
 * The rows of an uploaded file, one at a time: UTF-8 with or without a byte-order mark,
 * commas or semicolons, quoted fields over several lines, blank lines skipped, fields
 * trimmed. The header ({@code phone,name,} then the template's variables by name, such as
 * {@code header_image_url,first_name,button_0_url_suffix}, or the seed's {@code 1,2,...}
 * for a positional body) is read on opening and must have a column for every variable the
 * template requires and the campaign gives no value for; other columns are ignored. A
 * file that is empty, or stops being CSV part way, is refused whole (400).
 */
final class CsvRows implements AutoCloseable {

	private final CsvReader<CsvRecord> parser;

	private final Iterator<CsvRecord> records;

	/** The number of the last row read, the header being line 1. */
	private long line = 1;

	private final Columns columns;

	private CsvRows(CsvReader<CsvRecord> parser, RecipientRules rules) {
		this.parser = parser;
		this.records = parser.iterator();
		this.columns = Columns.of(header(), rules);
	}

	static CsvRows open(InputStream in, RecipientRules rules) throws IOException {
		BufferedReader reader = reader(in);
		CsvReader<CsvRecord> parser = CsvReader.builder()
			.fieldSeparator(delimiter(reader))
			.skipEmptyLines(true)
			.allowExtraFields(true)
			.allowMissingFields(true)
			.build(CsvRecordHandler.of((handler) -> handler.fieldModifier(FieldModifiers.TRIM)), reader);
		try {
			return new CsvRows(parser, rules);
		}
		catch (RuntimeException ex) {
			parser.close();
			throw ex;
		}
	}

	Columns columns() {
		return this.columns;
	}

	boolean hasNext() {
		try {
			return this.records.hasNext();
		}
		catch (CsvParseException ex) {
			throw unreadable(ex);
		}
	}

	Row next() {
		try {
			CsvRecord record = this.records.next();
			return new Row(++this.line, record);
		}
		catch (CsvParseException ex) {
			throw unreadable(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.parser.close();
	}

	private List<String> header() {
		try {
			return this.records.next().getFields();
		}
		catch (CsvParseException ex) {
			throw unreadable(ex);
		}
	}

	private ApiException unreadable(CsvParseException ex) {
		// FastCSV wraps whatever the reader threw, the size limit's 413 too.
		if (ex.getCause() instanceof ApiException refused) {
			return refused;
		}
		// The transaction takes back the rows already sent: nothing of the file stays.
		return ApiException.invalid("The file is not readable CSV after line " + this.line + "; nothing was imported",
				List.of(new ApiException.FieldError("file", null,
						(ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage())));
	}

	/**
	 * UTF-8 with or without a byte-order mark; undecodable bytes become U+FFFD and fail
	 * their row.
	 */
	private static BufferedReader reader(InputStream in) throws IOException {
		PushbackInputStream bom = new PushbackInputStream(in, 3);
		byte[] head = new byte[3];
		int read = bom.readNBytes(head, 0, 3);
		boolean hasBom = read == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
		if (!hasBom && read > 0) {
			bom.unread(head, 0, read);
		}
		return new BufferedReader(new InputStreamReader(bom,
				StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPLACE)
					.onUnmappableCharacter(CodingErrorAction.REPLACE)),
				1 << 16);
	}

	/**
	 * A semicolon when the header has more of them than commas, as spreadsheets in many
	 * locales write.
	 */
	private static char delimiter(BufferedReader reader) throws IOException {
		reader.mark(1 << 15);
		String header = reader.readLine();
		reader.reset();
		if (header == null || header.isBlank()) {
			throw ApiException.invalid("The file is empty",
					List.of(new ApiException.FieldError("file", null, "expected a header line: phone,name,1,2,...")));
		}
		long semicolons = header.chars().filter((c) -> c == ';').count();
		long commas = header.chars().filter((c) -> c == ',').count();
		return (semicolons > commas) ? ';' : ',';
	}

	/**
	 * @param line the row's number in the file, the header being line 1 (a quoted field
	 * over several lines is one row)
	 */
	record Row(long line, CsvRecord record) {

	}

	/**
	 * Which column holds what, from the header.
	 *
	 * @param valueColumns the column of each of the rules' variables, by its index; -1
	 * for none
	 */
	record Columns(int phoneColumn, int nameColumn, int[] valueColumns) {

		static Columns of(List<String> header, RecipientRules rules) {
			List<String> names = header.stream().map((name) -> name.strip().toLowerCase()).toList();
			int phone = names.indexOf("phone");
			if (phone < 0) {
				phone = names.indexOf("phone_number");
			}
			List<ApiException.FieldError> problems = new ArrayList<>();
			if (phone < 0) {
				problems.add(new ApiException.FieldError("header", String.join(",", header), "no phone column"));
			}
			List<TemplateVariable> variables = rules.variables();
			int[] values = new int[variables.size()];
			for (int index = 0; index < variables.size(); index++) {
				TemplateVariable variable = variables.get(index);
				int column = column(names, variable);
				if (column < 0 && variable.required() && !rules.defaults().containsKey(variable.name())) {
					problems.add(new ApiException.FieldError("header", String.join(",", header),
							"no column " + variable.name()
									+ ((variable.alias() != null) ? " (or " + variable.alias() + ")" : "") + ": "
									+ variable.description()));
				}
				values[index] = column;
			}
			if (!problems.isEmpty()) {
				throw ApiException.invalid("The CSV header does not fit the template; nothing was imported", problems);
			}
			return new Columns(phone, names.indexOf("name"), values);
		}

		private static int column(List<String> names, TemplateVariable variable) {
			for (int column = 0; column < names.size(); column++) {
				if (variable.isCalled(names.get(column))) {
					return column;
				}
			}
			return -1;
		}

		/** The number as written; empty in a row too short to have it. */
		String phone(CsvRecord record) {
			return field(record, this.phoneColumn);
		}

		/** Null without a name column, or in a row too short to have it. */
		String name(CsvRecord record) {
			return (this.nameColumn >= 0 && this.nameColumn < record.getFieldCount()) ? record.getField(this.nameColumn)
					: null;
		}

		/**
		 * @param index the variable's among the rules' variables
		 * @return the value, null without a column, empty in a row too short to have it
		 */
		String value(CsvRecord record, int index) {
			int column = this.valueColumns[index];
			return (column >= 0) ? field(record, column) : null;
		}

		private static String field(CsvRecord record, int column) {
			return (column < record.getFieldCount()) ? record.getField(column) : "";
		}

	}

}
