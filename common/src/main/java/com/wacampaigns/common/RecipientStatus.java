package com.wacampaigns.common;

/**
 * The state of one recipient of a campaign. States are ranked and a recipient only ever
 * moves to a higher rank, so that events applied in any order, any number of times, end
 * in the same state:
 * {@code PENDING < SENDING < ACCEPTED < SENT < FAILED < DELIVERED < READ}. A failure
 * outranks being sent (delivery can fail after sending), and evidence of delivery
 * outranks a failure. {@code CANCELLED} and {@code SKIPPED} are terminal. The SQL
 * function {@code recipient_status_rank} in the changelog mirrors {@link #rank()}.
 */
public enum RecipientStatus {

	PENDING(0), SENDING(1), ACCEPTED(2), SENT(3), FAILED(4), DELIVERED(5), READ(6), CANCELLED(9), SKIPPED(9);

	private final int rank;

	RecipientStatus(int rank) {
		this.rank = rank;
	}

	public int rank() {
		return this.rank;
	}

	public boolean isTerminal() {
		return this.rank == 9;
	}

}
