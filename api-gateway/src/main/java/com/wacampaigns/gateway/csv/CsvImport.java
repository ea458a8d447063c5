package com.wacampaigns.gateway.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;
import de.siegmar.fastcsv.reader.FieldModifiers;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.io.JsonStringEncoder;

import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.campaign.PhoneNumbers;
import com.wacampaigns.gateway.copy.BinaryCopy;
import com.wacampaigns.gateway.copy.RecipientCopy;
import com.wacampaigns.gateway.suppression.JdbcSuppressionRepository;
import com.wacampaigns.gateway.web.ApiException;

/**
 * Recipients from a CSV file ({@code phone,name,1,2,...}), streamed: rows are parsed with
 * FastCSV, numbers normalised with libphonenumber, and written with PostgreSQL COPY a
 * batch at a time, so memory holds one batch and the set of numbers already in the
 * campaign. Bad rows (invalid number, missing parameter, duplicate, bad UTF-8) are
 * reported per line and do not stop the import; suppressed numbers are imported as
 * SKIPPED and reported too. The upload is read to its end into a temporary file first
 * ({@link SpooledUpload}), so a slow client never holds a database connection, and the
 * rejected rows wait in one too ({@link ImportErrors}), so their number never weighs on
 * the heap.
 */
@Service
public class CsvImport {

	static final int BATCH = 5000;

	private static final JsonStringEncoder JSON_STRINGS = JsonStringEncoder.getInstance();

	static final int LISTED_ERRORS = 100;

	/** The reason given for a suppressed number: imported (SKIPPED), not refused. */
	static final String SUPPRESSED_REASON = "on the suppression list";

	private static final String COPY_ERRORS = "COPY import_errors (campaign_id, line, value, reason) FROM STDIN (FORMAT binary)";

	/**
	 * Held to the end of the import: the campaign cannot be sent, deleted or imported
	 * into by anyone else meanwhile (nothing else checks that recipients have a
	 * campaign).
	 */
	private static final String LOCK_DRAFT = "SELECT status, total_recipients FROM campaigns WHERE id = :id FOR NO KEY UPDATE";

	private static final String EXISTING_PHONES = "SELECT full_phone FROM campaign_recipients WHERE campaign_id = :id";

	private static final String COUNT_UP = """
			UPDATE campaigns
			SET total_recipients = total_recipients + :imported,
			    pending = pending + :imported - :skipped,
			    skipped = skipped + :skipped,
			    updated_at = now()
			WHERE id = :id
			""";

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final PhoneNumbers phones;

	private final JdbcSuppressionRepository suppressions;

	private final GatewayProperties.Csv limits;

	CsvImport(DataSource dataSource, JdbcClient jdbc, TransactionTemplate transaction, PhoneNumbers phones,
			JdbcSuppressionRepository suppressions, GatewayProperties properties) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.phones = phones;
		this.suppressions = suppressions;
		this.limits = properties.csv();
	}

	/**
	 * Imports into a DRAFT campaign whose checks (owner, state) the caller has done.
	 * @param target the campaign, its owner, region and template parameters
	 */
	public ImportReport importInto(Target target, InputStream body) {
		try (SpooledUpload upload = SpooledUpload.of(body, this.limits.maxBytes())) {
			return this.transaction.execute((status) -> {
				Connection connection = DataSourceUtils.getConnection(this.dataSource);
				try (InputStream file = upload.open()) {
					return run(target, file, connection.unwrap(PGConnection.class).getCopyAPI());
				}
				catch (IOException | SQLException ex) {
					throw new IllegalStateException("The CSV import of campaign " + target.campaignId() + " failed",
							ex);
				}
				finally {
					DataSourceUtils.releaseConnection(connection, this.dataSource);
				}
			});
		}
		catch (IOException ex) {
			throw new IllegalStateException("The upload into campaign " + target.campaignId() + " failed", ex);
		}
	}

	private ImportReport run(Target target, InputStream body, CopyManager copy) throws IOException, SQLException {
		long existing = lockDraft(target.campaignId());
		BufferedReader reader = reader(body);
		CsvReader.CsvReaderBuilder format = CsvReader.builder()
			.fieldSeparator(delimiter(reader))
			.skipEmptyLines(true)
			.allowExtraFields(true)
			.allowMissingFields(true);
		PhoneSet seen = new PhoneSet();
		this.jdbc.sql(EXISTING_PHONES)
			.param("id", target.campaignId())
			.query((RowCallbackHandler) (rs) -> seen.add(rs.getString(1)));
		// Read once: the connection is busy with the COPY until the end.
		Set<String> suppressed = this.suppressions.allOf(target.ownerId());
		Counts counts = new Counts();
		// Rejected rows wait in a temporary file, not in memory, until the report table.
		try (ImportErrors errors = new ImportErrors(LISTED_ERRORS)) {
			long line = 1;
			try (CsvReader<CsvRecord> parser = format
				.build(CsvRecordHandler.of((handler) -> handler.fieldModifier(FieldModifiers.TRIM)), reader);
					RecipientCopy recipients = RecipientCopy.open(copy, target.campaignId())) {
				Iterator<CsvRecord> records = parser.iterator();
				Columns columns = Columns.of(records.next().getFields(), target.parameterCount());
				List<NumberedRecord> chunk = new ArrayList<>(BATCH);
				while (records.hasNext()) {
					CsvRecord record = records.next();
					line++;
					if (existing + counts.imported + chunk.size() >= this.limits.maxRows()) {
						errors.add(new LineError(line, null, "over the limit of " + this.limits.maxRows()
								+ " recipients per campaign; this row and the rest were not imported"));
						break;
					}
					chunk.add(new NumberedRecord(line, record));
					if (chunk.size() == BATCH) {
						write(existing, validate(chunk, columns, target), seen, suppressed, errors, counts, recipients);
						chunk.clear();
					}
				}
				write(existing, validate(chunk, columns, target), seen, suppressed, errors, counts, recipients);
				recipients.finish();
			}
			catch (CsvParseException ex) {
				// FastCSV wraps whatever the reader threw, the size limit's 413 too.
				if (ex.getCause() instanceof ApiException refused) {
					throw refused;
				}
				// The transaction takes back the rows already sent: nothing of the file
				// stays.
				throw ApiException.invalid("The file is not readable CSV after line " + line + "; nothing was imported",
						List.of(new ApiException.FieldError("file", null,
								(ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage())));
			}
			writeErrors(target, errors, copy);
			this.jdbc.sql(COUNT_UP)
				.param("id", target.campaignId())
				.param("imported", counts.imported)
				.param("skipped", counts.skipped)
				.update();
			return new ImportReport(counts.imported, counts.skipped, errors.rejected(), errors.listed(),
					"/campaigns/" + target.campaignId() + "/import-errors");
		}
	}

	/**
	 * @return how many recipients the campaign has already; new ones are numbered after
	 * them
	 */
	private long lockDraft(UUID campaignId) {
		Draft draft = this.jdbc.sql(LOCK_DRAFT)
			.param("id", campaignId)
			.query((rs, row) -> new Draft(rs.getString("status"), rs.getLong("total_recipients")))
			.optional()
			.orElseThrow(() -> ApiException.notFound("Campaign " + campaignId + " does not exist"));
		if (!"DRAFT".equals(draft.status())) {
			throw notDraft(campaignId, draft.status());
		}
		return draft.recipients();
	}

	/** 409 for an import into a campaign that is no longer a DRAFT. */
	public static ApiException notDraft(UUID campaignId, String status) {
		ApiException conflict = ApiException
			.conflict("Campaign " + campaignId + " is " + status + "; recipients can only be added to a DRAFT");
		conflict.getBody().setProperty("current_status", status);
		return conflict;
	}

	/**
	 * Normalising numbers is most of the work: the rows of a chunk are checked on every
	 * core, and kept in file order.
	 */
	private List<Checked> validate(List<NumberedRecord> chunk, Columns columns, Target target) {
		return chunk.parallelStream().map((row) -> check(row.line(), row.record(), columns, target)).toList();
	}

	private Checked check(long line, CsvRecord record, Columns columns, Target target) {
		for (String value : record.getFields()) {
			if (value.indexOf('\uFFFD') >= 0) {
				return Checked.error(new LineError(line, null, "not valid UTF-8"));
			}
		}
		String phone = field(record, columns.phone);
		var normalized = this.phones.normalize(phone, target.region());
		if (normalized.isEmpty()) {
			return Checked
				.error(new LineError(line, phone, phone.isEmpty() ? "no phone number" : "not a valid phone number"));
		}
		List<String> parameters = new ArrayList<>(target.parameterCount());
		for (int position = 1; position <= target.parameterCount(); position++) {
			int column = columns.parameters.get(position - 1);
			String value = field(record, column);
			if (value.isEmpty()) {
				return Checked.error(new LineError(line, phone,
						"parameter " + position + " is missing; the template needs " + target.parameterCount()));
			}
			parameters.add(value);
		}
		String name = (columns.name >= 0 && columns.name < record.getFieldCount()) ? record.getField(columns.name)
				: null;
		String e164 = normalized.get().e164();
		return Checked.row(new Row(line, phone, e164,
				RecipientCopy.details(phone, normalized.get().countryCode(), e164, name, parametersJson(parameters))));
	}

	/** A column the row may be too short to have. */
	private static String field(CsvRecord record, int column) {
		return (column < record.getFieldCount()) ? record.getField(column) : "";
	}

	/** {@code {"1":"Ana","2":"A-1"}}, written directly: this runs for every row. */
	private static String parametersJson(List<String> values) {
		StringBuilder json = new StringBuilder(16 * values.size() + 2).append('{');
		for (int i = 0; i < values.size(); i++) {
			if (i > 0) {
				json.append(',');
			}
			json.append('"').append(i + 1).append("\":\"");
			JSON_STRINGS.quoteAsString(values.get(i), json);
			json.append('"');
		}
		return json.append('}').toString();
	}

	/**
	 * Duplicates and suppressions in file order, then the chunk's rows into the open
	 * COPY.
	 */
	private void write(long existing, List<Checked> checked, PhoneSet seen, Set<String> suppressed, ImportErrors errors,
			Counts counts, RecipientCopy recipients) throws SQLException {
		for (Checked item : checked) {
			if (item.error() != null) {
				errors.add(item.error());
				continue;
			}
			Row row = item.row();
			if (!seen.add(row.e164())) {
				errors.add(new LineError(row.line(), row.phone(),
						"duplicate: " + row.e164() + " is already in this campaign"));
				continue;
			}
			boolean skipped = suppressed.contains(row.e164());
			if (skipped) {
				errors.add(new LineError(row.line(), row.phone(), SUPPRESSED_REASON + ": imported as SKIPPED"));
				counts.skipped++;
			}
			recipients.add(existing + (++counts.imported), row.details(), skipped);
		}
	}

	/** The rejected rows, in line order, into the report table. */
	private void writeErrors(Target target, ImportErrors errors, CopyManager copy) throws IOException, SQLException {
		if (errors.isEmpty()) {
			return;
		}
		try (BinaryCopy rows = new BinaryCopy(copy.copyIn(COPY_ERRORS))) {
			errors.copyTo(target.campaignId(), rows);
		}
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

	public record Target(UUID campaignId, UUID ownerId, String region, int parameterCount) {

	}

	private record Draft(String status, long recipients) {

	}

	/**
	 * @param line the row's number in the file, the header being line 1 (a quoted field
	 * over several lines is one row)
	 */
	private record NumberedRecord(long line, CsvRecord record) {

	}

	/**
	 * @param imported rows written, suppressed ones included
	 * @param skipped of those, numbers on the suppression list (SKIPPED)
	 * @param rejected rows not imported
	 * @param errors the first problems, by line
	 * @param report where every problem can be downloaded
	 */
	public record ImportReport(long imported, long skipped, long rejected, List<LineError> errors, String report) {

	}

	/**
	 * @param line the row's number in the file, the header being line 1
	 */
	public record LineError(long line, String value, String reason) {

	}

	/**
	 * @param details the fields for the COPY, encoded ({@link RecipientCopy#details})
	 */
	private record Row(long line, String phone, String e164, byte[] details) {

	}

	/** A row that passed its own checks, or why it did not. */
	private record Checked(Row row, LineError error) {

		static Checked row(Row row) {
			return new Checked(row, null);
		}

		static Checked error(LineError error) {
			return new Checked(null, error);
		}

	}

	private static final class Counts {

		long imported;

		long skipped;

	}

	/** Which column holds what, from the header. */
	private record Columns(int phone, int name, List<Integer> parameters) {

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
			List<Integer> parameters = new ArrayList<>();
			for (int position = 1; position <= parameterCount; position++) {
				int column = names.indexOf(Integer.toString(position));
				if (column < 0) {
					problems.add(new ApiException.FieldError("header", String.join(",", header),
							"no column \"" + position + "\": the template needs " + parameterCount + " parameters"));
				}
				parameters.add(column);
			}
			if (!problems.isEmpty()) {
				throw ApiException.invalid("The CSV header does not fit the template; nothing was imported", problems);
			}
			return new Columns(phone, names.indexOf("name"), parameters);
		}

	}

}
