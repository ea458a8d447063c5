package com.wacampaigns.common.kafka;

/**
 * A record that can never be processed, however often it is tried (a required field
 * missing, a value the database refuses): the error handler sends it to its dead-letter
 * topic at once and goes on with the rest of the batch.
 */
public class PoisonRecordException extends RuntimeException {

	public PoisonRecordException(String reason) {
		super(reason);
	}

	public PoisonRecordException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
