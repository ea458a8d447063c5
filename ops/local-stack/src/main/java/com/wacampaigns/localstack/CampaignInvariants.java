package com.wacampaigns.localstack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The invariant every test and benchmark checks after statuses were applied: a campaign's
 * counters equal what its recipient rows say ({@code sent} = SENT+DELIVERED+READ,
 * {@code delivered} = DELIVERED+READ, {@code read} = READ, {@code failed} = FAILED,
 * {@code pending} = PENDING+SENDING+ACCEPTED, {@code skipped} = SKIPPED).
 */
public final class CampaignInvariants {

	/**
	 * One statement, so that the counters and the rows are read at the same moment while
	 * statuses are still being applied.
	 */
	private static final String COUNTERS_AND_ROWS = """
			SELECT c.id,
			       c.sent, c.delivered, c.read, c.failed, c.pending, c.skipped,
			       r.sent AS rows_sent, r.delivered AS rows_delivered, r.read AS rows_read,
			       r.failed AS rows_failed, r.pending AS rows_pending, r.skipped AS rows_skipped
			FROM campaigns c
			CROSS JOIN LATERAL (
			    SELECT count(*) FILTER (WHERE status IN ('SENT', 'DELIVERED', 'READ')) AS sent,
			           count(*) FILTER (WHERE status IN ('DELIVERED', 'READ')) AS delivered,
			           count(*) FILTER (WHERE status = 'READ') AS read,
			           count(*) FILTER (WHERE status = 'FAILED') AS failed,
			           count(*) FILTER (WHERE status IN ('PENDING', 'SENDING', 'ACCEPTED')) AS pending,
			           count(*) FILTER (WHERE status = 'SKIPPED') AS skipped
			    FROM campaign_recipients
			    WHERE campaign_id = c.id) r
			WHERE c.id = ANY (?::uuid[])""";

	private final DataSource dataSource;

	public CampaignInvariants(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Fails, naming both sides, unless the campaign's counters equal what its rows say.
	 */
	public void assertCountersMatchRows(UUID campaign) {
		List<Tally> tallies = tally(List.of(campaign));
		if (tallies.isEmpty()) {
			throw new AssertionError("No campaign " + campaign);
		}
		Tally tally = tallies.get(0);
		if (!tally.countersMatchRows()) {
			throw new AssertionError("Campaign " + campaign + " has the counters " + tally.counters()
					+ " but its rows say " + tally.rows());
		}
	}

	/** Whether every one of these campaigns exists and its counters equal its rows. */
	public boolean countersMatchRows(Collection<UUID> campaigns) {
		List<Tally> tallies = tally(campaigns);
		return tallies.size() == campaigns.size() && tallies.stream().allMatch(Tally::countersMatchRows);
	}

	/**
	 * Each campaign's counters beside what its rows say; unknown campaigns are left out.
	 */
	public List<Tally> tally(Collection<UUID> campaigns) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(COUNTERS_AND_ROWS)) {
			statement.setArray(1, connection.createArrayOf("text", campaigns.stream().map(UUID::toString).toArray()));
			try (ResultSet rows = statement.executeQuery()) {
				List<Tally> tallies = new ArrayList<>();
				while (rows.next()) {
					tallies
						.add(new Tally(rows.getObject("id", UUID.class), counters(rows, ""), counters(rows, "rows_")));
				}
				return tallies;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not count the campaigns' rows: " + ex.getMessage(), ex);
		}
	}

	private static Counters counters(ResultSet rows, String prefix) throws SQLException {
		return new Counters(rows.getLong(prefix + "sent"), rows.getLong(prefix + "delivered"),
				rows.getLong(prefix + "read"), rows.getLong(prefix + "failed"), rows.getLong(prefix + "pending"),
				rows.getLong(prefix + "skipped"));
	}

	/**
	 * A campaign's counters, or the same figures counted from its rows.
	 */
	public record Counters(long sent, long delivered, long read, long failed, long pending, long skipped) {

	}

	/**
	 * @param campaign the campaign
	 * @param counters its counters as stored
	 * @param rows the counters as its recipient rows say they should be
	 */
	public record Tally(UUID campaign, Counters counters, Counters rows) {

		public boolean countersMatchRows() {
			return this.counters.equals(this.rows);
		}

	}

}
