package com.wacampaigns.common;

/**
 * The state of one recipient of a campaign. Non-terminal states are ranked; a transition
 * only ever moves to a higher rank. {@code FAILED}, {@code CANCELLED} and {@code SKIPPED}
 * are terminal. The SQL function {@code recipient_status_rank} in the changelog mirrors
 * {@link #rank()}.
 */
public enum RecipientStatus {

	PENDING(0), SENDING(1), ACCEPTED(2), SENT(3), DELIVERED(4), READ(5), FAILED(9), CANCELLED(9), SKIPPED(9);

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
