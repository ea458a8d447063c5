package com.wacampaigns.gateway.copy;

import java.sql.SQLException;
import java.util.UUID;

import org.postgresql.copy.CopyManager;

import com.wacampaigns.common.Ids;
import com.wacampaigns.gateway.recipient.Recipient;

/**
 * A campaign's new recipients into {@code campaign_recipients}, with one binary COPY:
 * campaign creation and the CSV import both write them this way.
 */
public final class RecipientCopy implements AutoCloseable {

	private static final String COPY = """
			COPY campaign_recipients (id, campaign_id, sequence, phone_number, country_code, full_phone, name,
			                          parameters, status)
			FROM STDIN (FORMAT binary)
			""";

	private static final int FIELDS = 9;

	private static final byte[] PENDING = BinaryCopy.encodeText(-1, "PENDING");

	private static final byte[] SKIPPED = BinaryCopy.encodeText(-1, "SKIPPED");

	private final BinaryCopy rows;

	private final UUID campaignId;

	private RecipientCopy(BinaryCopy rows, UUID campaignId) {
		this.rows = rows;
		this.campaignId = campaignId;
	}

	/**
	 * Begins the COPY on the connection of {@code copy}; the caller's transaction holds
	 * it.
	 */
	public static RecipientCopy open(CopyManager copy, UUID campaignId) throws SQLException {
		return new RecipientCopy(new BinaryCopy(copy.copyIn(COPY)), campaignId);
	}

	/**
	 * A recipient's own fields, encoded: work that can be spread over threads before the
	 * rows are numbered and written in order.
	 */
	public static byte[] details(Recipient recipient) {
		return BinaryCopy.encodeText(4, recipient.phone(), recipient.countryCode(), recipient.e164(), recipient.name(),
				recipient.parametersJson());
	}

	/**
	 * @param sequence the recipient's place in the campaign, the order the feeder follows
	 * @param skipped on the owner's suppression list: kept, but never sent
	 */
	public void add(long sequence, byte[] details, boolean skipped) throws SQLException {
		this.rows.row(FIELDS)
			.uuid(Ids.timeOrdered())
			.uuid(this.campaignId)
			.int8(sequence)
			.encoded(details)
			.encoded(skipped ? SKIPPED : PENDING);
	}

	/**
	 * @return the rows written
	 */
	public long finish() throws SQLException {
		return this.rows.finish();
	}

	@Override
	public void close() throws SQLException {
		this.rows.close();
	}

}
