package com.wacampaigns.gateway.csv;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;

import com.wacampaigns.gateway.copy.BinaryCopy;
import com.wacampaigns.gateway.copy.RecipientCopy;
import com.wacampaigns.gateway.csv.RowWriter.Written;

/**
 * The database side of CSV imports. All but the download run in the import's transaction,
 * on its one connection: the lock on the campaign, the numbers it has, the two COPYs
 * (recipients, then the rejected rows) and the counters.
 */
@Repository
class JdbcCsvImports {

	/**
	 * Held to the end of the import: the campaign cannot be sent, deleted or imported
	 * into by anyone else meanwhile (nothing else checks that recipients have a
	 * campaign).
	 */
	private static final String LOCK = "SELECT status, total_recipients FROM campaigns WHERE id = :id FOR NO KEY UPDATE";

	private static final String PHONES = "SELECT full_phone FROM campaign_recipients WHERE campaign_id = :id";

	private static final String COUNT_UP = """
			UPDATE campaigns
			SET total_recipients = total_recipients + :imported,
			    pending = pending + :imported - :skipped,
			    skipped = skipped + :skipped,
			    updated_at = now()
			WHERE id = :id
			""";

	private static final String COPY_ERRORS = "COPY import_errors (campaign_id, line, value, reason) FROM STDIN (FORMAT binary)";

	private static final String ERRORS = "SELECT line, value, reason FROM import_errors WHERE campaign_id = :id ORDER BY line";

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	JdbcCsvImports(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
	}

	/** Locks the campaign until the transaction ends; empty when there is none. */
	Optional<Locked> lock(UUID campaignId) {
		return this.jdbc.sql(LOCK)
			.param("id", campaignId)
			.query((rs, row) -> new Locked(rs.getString("status"), rs.getLong("total_recipients")))
			.optional();
	}

	/** The numbers already in the campaign. */
	PhoneSet phonesIn(UUID campaignId) {
		PhoneSet phones = new PhoneSet();
		this.jdbc.sql(PHONES).param("id", campaignId).query((RowCallbackHandler) (rs) -> phones.add(rs.getString(1)));
		return phones;
	}

	/**
	 * Begins the COPY of the campaign's new recipients; until it ends, the connection
	 * runs nothing else.
	 */
	RecipientCopy copyRecipients(UUID campaignId) throws SQLException {
		return RecipientCopy.open(copyApi(), campaignId);
	}

	/** The rejected rows, in line order, into the report table. */
	void copyErrors(UUID campaignId, ImportErrors errors) throws IOException, SQLException {
		if (errors.isEmpty()) {
			return;
		}
		try (BinaryCopy rows = new BinaryCopy(copyApi().copyIn(COPY_ERRORS))) {
			errors.copyTo(campaignId, rows);
		}
	}

	void countUp(UUID campaignId, Written written) {
		this.jdbc.sql(COUNT_UP)
			.param("id", campaignId)
			.param("imported", written.imported())
			.param("skipped", written.skipped())
			.update();
	}

	/** Every row the campaign's imports rejected, by line. */
	void eachError(UUID campaignId, Consumer<ReportedError> action) {
		this.jdbc.sql(ERRORS)
			.param("id", campaignId)
			.query((RowCallbackHandler) (rs) -> action
				.accept(new ReportedError(rs.getLong("line"), rs.getString("value"), rs.getString("reason"))));
	}

	/**
	 * The COPY API of the transaction's connection. Releasing it gives it back to the
	 * transaction, which holds it open to the end.
	 */
	private CopyManager copyApi() throws SQLException {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			return connection.unwrap(PGConnection.class).getCopyAPI();
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	/**
	 * @param recipients how many the campaign has
	 */
	record Locked(String status, long recipients) {

	}

	record ReportedError(long line, String value, String reason) {

	}

}
