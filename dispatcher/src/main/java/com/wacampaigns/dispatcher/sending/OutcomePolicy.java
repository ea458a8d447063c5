package com.wacampaigns.dispatcher.sending;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

import com.wacampaigns.common.events.DispatchRequested;
import com.wacampaigns.common.events.DispatchRetryScheduled;
import com.wacampaigns.common.events.StatusReported;
import com.wacampaigns.dispatcher.DispatcherProperties;

/**
 * What to do with the outcome of one send, given the recipient's attempts so far: report
 * it, try again later, give up, or act on the sender or the campaign. It only decides;
 * {@link CampaignDispatch} carries the decision out, so the rules read, and are tested,
 * without Kafka, a database or threads.
 */
final class OutcomePolicy {

	private final DispatcherProperties.Retry retry;

	private final Clock clock;

	private final LongUnaryOperator jitter;

	private final DispatcherProperties.MarketingLimit marketingLimit;

	OutcomePolicy(DispatcherProperties.Retry retry, DispatcherProperties.MarketingLimit marketingLimit, Clock clock) {
		this(retry, marketingLimit, clock, (bound) -> ThreadLocalRandom.current().nextLong(bound));
	}

	/**
	 * @param jitter a value from 0 (included) to its argument (excluded); random but for
	 * tests
	 */
	OutcomePolicy(DispatcherProperties.Retry retry, DispatcherProperties.MarketingLimit marketingLimit, Clock clock,
			LongUnaryOperator jitter) {
		this.retry = retry;
		this.marketingLimit = marketingLimit;
		this.clock = clock;
		this.jitter = jitter;
	}

	/**
	 * @param request the record that was sent
	 * @param outcome what Meta answered
	 * @param attemptsMade the recipient's attempts, this one included
	 */
	Decision decide(DispatchRequested request, SendOutcome outcome, int attemptsMade) {
		Instant now = this.clock.instant();
		return switch (outcome) {
			case SendOutcome.Accepted accepted -> new Decision.Accept(
					StatusReported.accepted(request.campaignId(), request.recipientId(), accepted.wamid(), now));
			case SendOutcome.Failed failed -> failOrDefer(request, failed, now);
			case SendOutcome.RetryLater later -> retryOrGiveUp(request, later, attemptsMade, now);
			case SendOutcome.SenderProblem problem -> senderProblem(request, problem, attemptsMade, now);
			case SendOutcome.CampaignProblem problem -> new Decision.PauseForTemplate(
					"Meta refused the template (" + problem.code() + "): " + problem.message());
			case SendOutcome.Unknown unknown -> new Decision.LeaveUnknown(unknown.reason());
		};
	}

	/**
	 * A failure, unless Meta's per-user marketing limit is why: then the recipient waits
	 * and is sent again later, if it may wait again (the database knows its deferrals).
	 */
	private Decision failOrDefer(DispatchRequested request, SendOutcome.Failed failed, Instant now) {
		StatusReported failure = StatusReported.failed(request.campaignId(), request.recipientId(), failed.code(),
				failed.message(), now);
		if (failed.code() == GraphErrors.MARKETING_LIMIT && this.marketingLimit.maxDeferrals() > 0) {
			return new Decision.Defer(failure, now.plus(this.marketingLimit.delay()),
					this.marketingLimit.maxDeferrals());
		}
		return new Decision.Fail(failure);
	}

	private Decision senderProblem(DispatchRequested request, SendOutcome.SenderProblem problem, int attemptsMade,
			Instant now) {
		String reason = "Meta error " + problem.code() + ": " + problem.message();
		return switch (problem.action()) {
			// Nothing reached Meta: trying again later is safe, and once the attempts
			// ran out the recipient waits for another time, since the fault was ours.
			case CONNECTION_FAILURE -> new Decision.ConnectionFailure(reason, false,
					(attemptsMade < this.retry.maxAttempts())
							? retryAt(request, problem.code(), problem.message(), Duration.ZERO, attemptsMade, now)
							: new Decision.Release());
			case TOKEN_FAILURE -> new Decision.ConnectionFailure(reason, true, new Decision.Release());
			case PAUSE_CAMPAIGNS -> new Decision.PauseSenderCampaigns(reason);
			case STOP_CAMPAIGNS -> new Decision.StopSenderCampaigns(reason);
		};
	}

	/**
	 * Another attempt later, on the retry topic, while attempts remain; then the
	 * recipient fails, unless Meta's servers or our connection were the trouble, which
	 * counts against the sender instead and leaves the recipient to be sent another time.
	 */
	private Decision retryOrGiveUp(DispatchRequested request, SendOutcome.RetryLater later, int attemptsMade,
			Instant now) {
		int code = later.code();
		if (attemptsMade < this.retry.maxAttempts()) {
			return retryAt(request, code, later.message(), later.notBefore(), attemptsMade, now);
		}
		if (later.serverTrouble()) {
			return new Decision.ConnectionFailure("Meta error " + code + " after " + attemptsMade + " attempts", false,
					new Decision.Release());
		}
		return new Decision.Fail(StatusReported.failed(request.campaignId(), request.recipientId(), code,
				"Gave up after " + attemptsMade + " attempts: " + later.message(), now));
	}

	private Decision.RetryAt retryAt(DispatchRequested request, int code, String message, Duration notBefore,
			int attemptsMade, Instant now) {
		Instant dueAt = now.plus(backoff(attemptsMade, code, notBefore));
		return new Decision.RetryAt(new DispatchRetryScheduled(request, attemptsMade, dueAt, code, message));
	}

	/**
	 * Exponential with jitter from the configured first delay; the pair rate limit waits
	 * 4^n seconds, as Meta asks. Not sooner than Meta's {@code notBefore}, but the
	 * configured longest pause caps both.
	 */
	private Duration backoff(int attempts, int code, Duration notBefore) {
		Duration delay;
		if (code == GraphErrors.PAIR_RATE_LIMIT) {
			delay = Duration.ofSeconds((long) Math.pow(4, attempts));
		}
		else {
			long base = this.retry.initialDelay().toMillis() << Math.min(attempts - 1, 16);
			delay = Duration.ofMillis(base / 2 + this.jitter.applyAsLong(base / 2 + 1));
		}
		delay = (delay.compareTo(notBefore) < 0) ? notBefore : delay;
		return (delay.compareTo(this.retry.maxDelay()) > 0) ? this.retry.maxDelay() : delay;
	}

	/**
	 * What {@link CampaignDispatch} does with one outcome. Releasing a recipient puts it
	 * back to PENDING: nothing was sent, so it may be fed again.
	 */
	sealed interface Decision {

		/** Meta took the message: report ACCEPTED; the sender's connection works. */
		record Accept(StatusReported accepted) implements Decision {

		}

		/** The recipient fails: report FAILED with Meta's code. */
		record Fail(StatusReported failed) implements Decision {

		}

		/**
		 * Meta's per-user marketing limit: the recipient goes back to PENDING and waits
		 * until {@code until}, unless it already waited {@code maxDeferrals} times, in
		 * which case it fails ({@code failed}).
		 */
		record Defer(StatusReported failed, Instant until, int maxDeferrals) implements Decision {

		}

		/**
		 * Meta refused for now: put the send on the retry topic, due at
		 * {@code retry.notBefore()}. Nothing of it is in flight while it waits.
		 */
		record RetryAt(DispatchRetryScheduled retry) implements Decision {

		}

		/**
		 * Meta may or may not have taken the message: it is not sent again, and stays
		 * SENDING until its webhook or the reconciler settles it.
		 */
		record LeaveUnknown(String reason) implements Decision {

		}

		/** Nothing was sent: the recipient goes back to PENDING. */
		record Release() implements Decision {

		}

		/**
		 * Meta paused or disabled the template: pause this campaign, marked to resume
		 * when the template is reinstated; release the recipient.
		 */
		record PauseForTemplate(String reason) implements Decision {

		}

		/** Pause the sender's running campaigns, release the recipient. */
		record PauseSenderCampaigns(String reason) implements Decision {

		}

		/** Stop the sender's campaigns, release the recipient. */
		record StopSenderCampaigns(String reason) implements Decision {

		}

		/**
		 * A strike against the sender's connection. If it is the one that disconnects the
		 * sender, the sender is read again and the recipient released; otherwise
		 * {@code ifStillConnected} follows.
		 *
		 * @param tokenError Meta refused the token: the disconnecting failure wipes it
		 */
		record ConnectionFailure(String reason, boolean tokenError, Decision ifStillConnected) implements Decision {

		}

	}

}
