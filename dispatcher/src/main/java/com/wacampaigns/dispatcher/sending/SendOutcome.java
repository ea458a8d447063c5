package com.wacampaigns.dispatcher.sending;

import java.time.Duration;

/**
 * What became of one send, as the Graph API answered it.
 */
public sealed interface SendOutcome {

	/** Meta accepted the message: not yet delivered, but it will not be sent again. */
	record Accepted(String wamid) implements SendOutcome {

	}

	/**
	 * Meta refused for now; the same send may be tried again, not before
	 * {@code notBefore}.
	 *
	 * @param serverTrouble Meta's side failed (5xx, temporary errors) rather than
	 * throttled us: when retries run out it counts against the sender's connection
	 */
	record RetryLater(int code, String message, Duration notBefore, boolean serverTrouble) implements SendOutcome {

	}

	/** This recipient cannot get this message; retrying would not help. */
	record Failed(int code, String message) implements SendOutcome {

	}

	/** The sender itself is in trouble (connection, token, account); nothing was sent. */
	record SenderProblem(int code, String message, SenderAction action) implements SendOutcome {

	}

	/**
	 * The campaign's template cannot be sent (paused or disabled by Meta); nothing was
	 * sent.
	 */
	record CampaignProblem(int code, String message) implements SendOutcome {

	}

	/**
	 * The request was written but no answer came: Meta may or may not have accepted it.
	 * It is never sent again; the webhook, which carries our ids, settles it.
	 */
	record Unknown(String reason) implements SendOutcome {

	}

	/** What a sender problem does to the sender and its campaigns. */
	enum SenderAction {

		/**
		 * Counts towards disconnecting the sender (connect errors, token errors 0 and
		 * 190).
		 */
		CONNECTION_FAILURE,

		/** Pauses the sender's running campaigns (spam rate limit 131048). */
		PAUSE_CAMPAIGNS,

		/**
		 * Stops the sender's campaigns (not registered, policy block, locked, payment).
		 */
		STOP_CAMPAIGNS

	}

}
