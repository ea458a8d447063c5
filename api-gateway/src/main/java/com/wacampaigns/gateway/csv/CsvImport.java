package com.wacampaigns.gateway.csv;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.wacampaigns.common.CampaignStatus;
import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.copy.RecipientCopy;
import com.wacampaigns.gateway.csv.CsvRows.Row;
import com.wacampaigns.gateway.csv.ImportReport.LineError;
import com.wacampaigns.gateway.csv.JdbcCsvImports.Locked;
import com.wacampaigns.gateway.csv.RowWriter.Existing;
import com.wacampaigns.gateway.csv.RowWriter.Written;
import com.wacampaigns.gateway.recipient.RecipientProblem;
import com.wacampaigns.gateway.recipient.RecipientValidator;
import com.wacampaigns.gateway.suppression.Suppressions;
import com.wacampaigns.gateway.web.ApiException;

/**
 * Recipients from a CSV file ({@code phone,name,1,2,...}), streamed: rows are parsed with
 * FastCSV ({@link CsvRows}), checked a chunk at a time on every core ({@link RowChecks}),
 * and written with PostgreSQL COPY in file order ({@link RowWriter}), so memory holds one
 * chunk and the set of numbers already in the campaign. Bad rows (invalid number, missing
 * parameter, duplicate, bad UTF-8) are reported per line and do not stop the import;
 * suppressed numbers are imported as SKIPPED and reported too. The upload is read to its
 * end into a temporary file first ({@link SpooledUpload}), so a slow client never holds a
 * database connection, and the rejected rows wait in one too ({@link ImportErrors}), so
 * their number never weighs on the heap.
 */
@Service
public class CsvImport {

	static final int BATCH = 5000;

	static final int LISTED_ERRORS = 100;

	private final TransactionTemplate transaction;

	private final JdbcCsvImports imports;

	private final RecipientValidator validator;

	private final Suppressions suppressions;

	private final GatewayProperties.Csv limits;

	CsvImport(TransactionTemplate transaction, JdbcCsvImports imports, RecipientValidator validator,
			Suppressions suppressions, GatewayProperties properties) {
		this.transaction = transaction;
		this.imports = imports;
		this.validator = validator;
		this.suppressions = suppressions;
		this.limits = properties.csv();
	}

	/**
	 * Imports into a DRAFT campaign (409 for any other) in one transaction: the file's
	 * good rows and its report, or nothing when the file is refused as a whole.
	 * @param target the campaign, as {@link ImportTargets} found it for the caller
	 */
	public ImportReport importInto(ImportTarget target, InputStream body) {
		requireDraft(target.campaignId(), target.status().name());
		try (SpooledUpload upload = SpooledUpload.of(body, this.limits.maxBytes())) {
			return this.transaction.execute((status) -> {
				try (InputStream file = upload.open()) {
					return importFile(target, file);
				}
				catch (IOException | SQLException ex) {
					throw new IllegalStateException("The CSV import of campaign " + target.campaignId() + " failed",
							ex);
				}
			});
		}
		catch (IOException ex) {
			throw new IllegalStateException("The upload into campaign " + target.campaignId() + " failed", ex);
		}
	}

	private ImportReport importFile(ImportTarget target, InputStream file) throws IOException, SQLException {
		UUID id = target.campaignId();
		long existing = lockDraft(id);
		try (CsvRows rows = CsvRows.open(file, target.rules()); ImportErrors errors = new ImportErrors(LISTED_ERRORS)) {
			// Read first: while the COPY runs, the connection runs nothing else.
			Existing before = new Existing(existing, this.imports.phonesIn(id),
					this.suppressions.allOf(target.ownerId()));
			Written written;
			try (RecipientCopy copy = this.imports.copyRecipients(id)) {
				RowWriter writer = new RowWriter(copy, before, errors);
				copyRows(rows, new RowChecks(this.validator, rows.columns(), target.rules()), writer);
				written = writer.finish();
			}
			this.imports.copyErrors(id, errors);
			this.imports.countUp(id, written);
			return new ImportReport(written.imported(), written.skipped(), errors.rejected(), errors.listed(),
					"/campaigns/" + id + "/import-errors");
		}
	}

	/**
	 * The rows a chunk at a time, each chunk checked on every core, then written; past
	 * the campaign's limit, the rest of the file is refused with one error.
	 */
	private void copyRows(CsvRows rows, RowChecks checks, RowWriter writer) throws SQLException {
		List<Row> chunk = new ArrayList<>(BATCH);
		while (rows.hasNext()) {
			Row row = rows.next();
			if (writer.recipients() + chunk.size() >= this.limits.maxRows()) {
				writer.refuse(LineError.of(row.line(), null, RecipientProblem.overLimit(this.limits.maxRows())));
				break;
			}
			chunk.add(row);
			if (chunk.size() == BATCH) {
				writer.write(checks.check(chunk));
				chunk.clear();
			}
		}
		writer.write(checks.check(chunk));
	}

	/**
	 * @return how many recipients the campaign has already; new ones are numbered after
	 * them
	 */
	private long lockDraft(UUID campaignId) {
		Locked campaign = this.imports.lock(campaignId)
			.orElseThrow(() -> ApiException.notFound("Campaign " + campaignId + " does not exist"));
		requireDraft(campaignId, campaign.status());
		return campaign.recipients();
	}

	/**
	 * Checked before the upload is read, and again under the lock: the campaign may have
	 * been sent meanwhile.
	 */
	private static void requireDraft(UUID campaignId, String status) {
		if (!CampaignStatus.DRAFT.name().equals(status)) {
			ApiException conflict = ApiException
				.conflict("Campaign " + campaignId + " is " + status + "; recipients can only be added to a DRAFT");
			conflict.getBody().setProperty("current_status", status);
			throw conflict;
		}
	}

}
