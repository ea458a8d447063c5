package com.wacampaigns.common;

/**
 * Error codes of our own, kept in {@code campaign_recipients.error_code} beside Meta's
 * Graph codes (which are never negative).
 */
public final class ErrorCodes {

	/** We could not connect to the Cloud API; nothing reached Meta. */
	public static final int CONNECT_FAILURE = -1;

	/**
	 * The send's outcome never became known: no answer, or an answer that does not say
	 * whether Meta took the message, and no status from Meta within the reconciler's
	 * quiet period. Counted in the campaign's {@code unknown} (and {@code failed}); a
	 * later status from Meta still settles the recipient.
	 */
	public static final int OUTCOME_UNKNOWN = -2;

	private ErrorCodes() {
	}

}
