package com.wacampaigns.gateway.csv;

import java.util.List;

import de.siegmar.fastcsv.reader.CsvRecord;

import com.wacampaigns.gateway.copy.RecipientCopy;
import com.wacampaigns.gateway.csv.CsvRows.Columns;
import com.wacampaigns.gateway.csv.CsvRows.Row;
import com.wacampaigns.gateway.csv.ImportReport.LineError;
import com.wacampaigns.gateway.recipient.Recipient;
import com.wacampaigns.gateway.recipient.RecipientProblem;
import com.wacampaigns.gateway.recipient.RecipientRules;
import com.wacampaigns.gateway.recipient.RecipientValidator;

/**
 * The checks each row passes on its own (readable text, then the
 * {@link RecipientValidator}'s), and the encoding of a good row's fields for the COPY.
 * Normalising numbers is most of an import's work: the rows of a chunk are checked on
 * every core, and kept in file order.
 */
final class RowChecks {

	private final RecipientValidator validator;

	private final Columns columns;

	private final RecipientRules rules;

	RowChecks(RecipientValidator validator, Columns columns, RecipientRules rules) {
		this.validator = validator;
		this.columns = columns;
		this.rules = rules;
	}

	List<Checked> check(List<Row> chunk) {
		return chunk.parallelStream().map(this::checkRow).toList();
	}

	private Checked checkRow(Row row) {
		CsvRecord record = row.record();
		if (hasUndecodableBytes(record)) {
			return new Refused(LineError.of(row.line(), null, RecipientProblem.NOT_UTF8));
		}
		String phone = this.columns.phone(record);
		return switch (this.validator.check(phone, this.columns.name(record),
				(index) -> this.columns.value(record, index), this.rules)) {
			case Recipient recipient ->
				new Valid(row.line(), phone, recipient.e164(), RecipientCopy.details(recipient));
			case RecipientProblem problem -> new Refused(LineError.of(row.line(), phone, problem));
		};
	}

	/** The decoder replaced bytes that are not UTF-8 with U+FFFD. */
	private static boolean hasUndecodableBytes(CsvRecord record) {
		for (String value : record.getFields()) {
			if (value.indexOf('\uFFFD') >= 0) {
				return true;
			}
		}
		return false;
	}

	/** A row that passed its own checks, or why it did not. */
	sealed interface Checked permits Valid, Refused {

	}

	/**
	 * @param phone as written, for the report should a later check refuse the row
	 * @param details the fields for the COPY, encoded ({@link RecipientCopy#details})
	 */
	record Valid(long line, String phone, String e164, byte[] details) implements Checked {

	}

	record Refused(LineError error) implements Checked {

	}

}
