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

import com.wacampaigns.gateway.web.ApiException;

/**
 * The rows of an uploaded file, one at a time: UTF-8 with or without a byte-order mark,
 * commas or semicolons, quoted fields over several lines, blank lines skipped, fields
 * trimmed. The header ({@code phone,name,1,2,...}) is read on opening and must fit the
 * template. A file that is empty, or stops being CSV part way, is refused whole (400).
 */
final class CsvRows implements AutoCloseable {

	private final CsvReader<CsvRecord> parser;

	private final Iterator<CsvRecord> records;

	/** The number of the last row read, the header being line 1. */
	private long line = 1;

	private final Columns columns;

	private CsvRows(CsvReader<CsvRecord> parser, int parameterCount) {
		this.parser = parser;
		this.records = parser.iterator();
		this.columns = Columns.of(header(), parameterCount);
	}

	static CsvRows open(InputStream in, int parameterCount) throws IOException {
		BufferedReader reader = reader(in);
		CsvReader<CsvRecord> parser = CsvReader.builder()
			.fieldSeparator(delimiter(reader))
			.skipEmptyLines(true)
			.allowExtraFields(true)
			.allowMissingFields(true)
			.build(CsvRecordHandler.of((handler) -> handler.fieldModifier(FieldModifiers.TRIM)), reader);
		try {
			return new CsvRows(parser, parameterCount);
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

	/** Which column holds what, from the header. */
	record Columns(int phoneColumn, int nameColumn, int[] parameterColumns) {

		static Columns of(List<String> header, int parameterCount) {
			List<String> names = header.stream().map((name) -> name.strip().toLowerCase()).toList();
			int phone = names.indexOf("phone");
			if (phone < 0) {
				phone = names.indexOf("phone_number");
			}
			List<ApiException.FieldError> problems = new ArrayList<>();
			if (phone < 0) {
				problems.add(new ApiException.FieldError("header", String.join(",", header), "no phone column"));
			}
			int[] parameters = new int[parameterCount];
			for (int position = 1; position <= parameterCount; position++) {
				int column = names.indexOf(Integer.toString(position));
				if (column < 0) {
					problems.add(new ApiException.FieldError("header", String.join(",", header),
							"no column \"" + position + "\": the template needs " + parameterCount + " parameters"));
				}
				parameters[position - 1] = column;
			}
			if (!problems.isEmpty()) {
				throw ApiException.invalid("The CSV header does not fit the template; nothing was imported", problems);
			}
			return new Columns(phone, names.indexOf("name"), parameters);
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
		 * @param position from 1
		 * @return the value, empty in a row too short to have it
		 */
		String parameter(CsvRecord record, int position) {
			return field(record, this.parameterColumns[position - 1]);
		}

		private static String field(CsvRecord record, int column) {
			return (column < record.getFieldCount()) ? record.getField(column) : "";
		}

	}

}
