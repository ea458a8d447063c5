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
	 * The request was written but no answer came, or an answer that does not say whether
	 * Meta processed it (a 5xx without a Graph error, 131000): Meta may or may not have
	 * accepted it. It is never sent again by itself; the webhook, which carries our ids,
	 * settles it, or the reconciler's policy after a quiet period.
	 */
	record Unknown(String reason) implements SendOutcome {

	}

	/** What a sender problem does to the sender and its campaigns. */
	enum SenderAction {

		/**
		 * Our side could not reach Meta (DNS, no route, connection refused): counts
		 * towards disconnecting the sender, never wipes its stored token.
		 */
		CONNECTION_FAILURE,

		/**
		 * Meta refused the token (0, 190): counts towards disconnecting the sender, and
		 * the failure that disconnects it wipes the stored token.
		 */
		TOKEN_FAILURE,

		/** Pauses the sender's running campaigns (spam rate limit 131048). */
		PAUSE_CAMPAIGNS,

		/**
		 * Stops the sender's campaigns (not registered, policy block, locked, payment).
		 */
		STOP_CAMPAIGNS

	}

}
