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
	 * Meta refused for now (throttling, temporary trouble); the same send may be tried
	 * again.
	 */
	record RetryLater(int code, String message, Duration notBefore) implements SendOutcome {

	}

	/** This recipient cannot get this message; retrying would not help. */
	record Failed(int code, String message) implements SendOutcome {

	}

	/** The sender itself is in trouble (token, connection, account); nothing was sent. */
	record SenderProblem(int code, String message) implements SendOutcome {

	}

	/**
	 * The request was written but no answer came: Meta may or may not have accepted it.
	 * It is never sent again; the webhook, which carries our ids, settles it.
	 */
	record Unknown(String reason) implements SendOutcome {

	}

}
