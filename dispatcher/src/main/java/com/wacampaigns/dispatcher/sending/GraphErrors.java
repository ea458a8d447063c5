package com.wacampaigns.dispatcher.sending;

import java.time.Duration;
import java.util.Set;

import com.wacampaigns.common.graph.GraphError;
import com.wacampaigns.dispatcher.sending.SendOutcome.SenderAction;

/**
 * Maps a Graph API error to an outcome by its code, per Meta's error table
 * ({@code shared/whatsapp/CLOUD_API.md}); the HTTP status only decides for codes we do
 * not know.
 */
final class GraphErrors {

	/** Throughput and call-rate limits: we were too fast. */
	/**
	 * The user's marketing limit is reached for now: the recipient may wait and try
	 * again.
	 */
	static final int MARKETING_LIMIT = 131049;

	/** The number's throughput is reached: the sender's pace backs off. */
	static final int THROUGHPUT_REACHED = 130429;

	private static final Set<Integer> THROTTLED = Set.of(THROUGHPUT_REACHED, 4, 80007);

	/**
	 * Temporary trouble on Meta's side that says the message was not taken: service
	 * unavailable, maintenance, overloaded.
	 */
	private static final Set<Integer> TEMPORARY = Set.of(2, 131016, 131057, 133004);

	/**
	 * "Something went wrong" and "unknown error": Meta may have processed the message
	 * before failing, and there is no idempotency key, so sending again could message the
	 * recipient twice.
	 */
	private static final Set<Integer> AMBIGUOUS = Set.of(1, 131000);

	/** Pair rate limit: that recipient only, after a while. */
	static final int PAIR_RATE_LIMIT = 131056;

	private static final Set<Integer> TOKEN = Set.of(0, 190);

	private static final Set<Integer> SPAM_RATE = Set.of(131048);

	/** Number not registered, policy block, account locked, payment problem. */
	private static final Set<Integer> ACCOUNT = Set.of(133010, 368, 131031, 131042);

	/** Template paused or disabled. */
	private static final Set<Integer> TEMPLATE_UNAVAILABLE = Set.of(132015, 132016);

	/**
	 * Undeliverable, opted out, re-engagement, parameter and template errors: this
	 * recipient fails, whatever the HTTP status says.
	 */
	private static final Set<Integer> RECIPIENT = Set.of(131026, 131047, 131049, 131050, 131008, 131009, 100, 132000,
			132001, 132005, 132007, 132012, 132018);

	private GraphErrors() {
	}

	static SendOutcome classify(int httpStatus, GraphError error) {
		if (error == null || error.error() == null) {
			String message = "HTTP " + httpStatus + " without a Graph error body";
			return (httpStatus >= 500) ? new SendOutcome.Unknown(message + ": Meta may have accepted the message")
					: new SendOutcome.Failed(httpStatus, message);
		}
		GraphError.Body body = error.error();
		int code = body.code();
		String message = describe(body);
		if (code == PAIR_RATE_LIMIT) {
			return new SendOutcome.RetryLater(code, message, Duration.ofSeconds(4), false);
		}
		if (THROTTLED.contains(code)) {
			return new SendOutcome.RetryLater(code, message, Duration.ZERO, false);
		}
		if (TEMPORARY.contains(code)) {
			return new SendOutcome.RetryLater(code, message, Duration.ZERO, true);
		}
		if (AMBIGUOUS.contains(code)) {
			return new SendOutcome.Unknown(
					"Graph error " + code + " (" + message + "): Meta may have accepted the message");
		}
		if (TOKEN.contains(code)) {
			return new SendOutcome.SenderProblem(code, message, SenderAction.TOKEN_FAILURE);
		}
		if (SPAM_RATE.contains(code)) {
			return new SendOutcome.SenderProblem(code, message, SenderAction.PAUSE_CAMPAIGNS);
		}
		if (ACCOUNT.contains(code)) {
			return new SendOutcome.SenderProblem(code, message, SenderAction.STOP_CAMPAIGNS);
		}
		if (TEMPLATE_UNAVAILABLE.contains(code)) {
			return new SendOutcome.CampaignProblem(code, message);
		}
		if (!RECIPIENT.contains(code) && httpStatus >= 500) {
			return new SendOutcome.Unknown("HTTP " + httpStatus + ", Graph error " + code + " (" + message
					+ "): Meta may have accepted the message");
		}
		return new SendOutcome.Failed(code, message);
	}

	private static String describe(GraphError.Body body) {
		String details = (body.errorData() != null) ? body.errorData().details() : null;
		String message = (body.message() != null) ? body.message() : "Graph error " + body.code();
		return (details != null && !details.isBlank()) ? message + ": " + details : message;
	}

}
