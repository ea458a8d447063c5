package com.wacampaigns.gateway.csv;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import com.wacampaigns.gateway.copy.RecipientCopy;
import com.wacampaigns.gateway.csv.ImportReport.LineError;
import com.wacampaigns.gateway.csv.RowChecks.Checked;
import com.wacampaigns.gateway.csv.RowChecks.Refused;
import com.wacampaigns.gateway.csv.RowChecks.Valid;
import com.wacampaigns.gateway.recipient.RecipientProblem;

/**
 * Checked rows into the open COPY in file order, with the checks that depend on what came
 * before: a number already in the campaign, or earlier in the file, is refused; a
 * suppressed one is imported as SKIPPED. Both are reported. New recipients are numbered
 * after the campaign's.
 */
final class RowWriter {

	private final RecipientCopy copy;

	private final Existing existing;

	private final ImportErrors errors;

	private long imported;

	private long skipped;

	RowWriter(RecipientCopy copy, Existing existing, ImportErrors errors) {
		this.copy = copy;
		this.existing = existing;
		this.errors = errors;
	}

	void write(List<Checked> rows) throws SQLException {
		for (Checked row : rows) {
			switch (row) {
				case Refused refused -> this.errors.add(refused.error());
				case Valid valid -> add(valid);
			}
		}
	}

	/** Reports a row that is not imported as it is. */
	void refuse(LineError error) {
		this.errors.add(error);
	}

	/** The campaign's recipients so far, this import's included. */
	long recipients() {
		return this.existing.recipients() + this.imported;
	}

	/** Ends the COPY. */
	Written finish() throws SQLException {
		this.copy.finish();
		return new Written(this.imported, this.skipped);
	}

	private void add(Valid row) throws SQLException {
		if (!this.existing.phones().add(row.e164())) {
			refuse(LineError.of(row.line(), row.phone(), RecipientProblem.duplicate(row.e164())));
			return;
		}
		boolean suppressed = this.existing.suppressed().contains(row.e164());
		if (suppressed) {
			refuse(LineError.of(row.line(), row.phone(), RecipientProblem.SUPPRESSED));
			this.skipped++;
		}
		this.copy.add(recipients() + 1, row.details(), suppressed);
		this.imported++;
	}

	/**
	 * What the import must not repeat or send to, read before it starts.
	 *
	 * @param recipients the campaign's count; new ones are numbered after them
	 * @param phones their numbers, for the duplicate check; the import adds its own
	 * @param suppressed the owner's suppressed numbers
	 */
	record Existing(long recipients, PhoneSet phones, Set<String> suppressed) {

	}

	/**
	 * @param imported rows written, suppressed ones included
	 * @param skipped of those, numbers on the suppression list (SKIPPED)
	 */
	record Written(long imported, long skipped) {

	}

}
