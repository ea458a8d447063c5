package com.wacampaigns.dispatcher.sending;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.LongUnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.wacampaigns.common.ErrorCodes;
import com.wacampaigns.common.events.DispatchRequested;
import com.wacampaigns.common.events.DispatchRetryScheduled;
import com.wacampaigns.common.events.StatusReported;
import com.wacampaigns.common.graph.SendMessageRequest;
import com.wacampaigns.dispatcher.DispatcherProperties;
import com.wacampaigns.dispatcher.sending.OutcomePolicy.Decision;
import com.wacampaigns.dispatcher.sending.SendOutcome.SenderAction;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomePolicyTests {

	private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	private static final UUID CAMPAIGN = UUID.fromString("4b3f1c2e-8d6a-4f0b-9e57-2a1c3d4e5f60");

	private static final UUID RECIPIENT = UUID.fromString("9c8b7a65-4321-4fed-8cba-0987654321ab");

	private static final DispatchRequested REQUEST = new DispatchRequested(CAMPAIGN, RECIPIENT, 7, "106540352242922",
			"+15551234567", "order_update", "en_US", SendMessageRequest.Component.body(List.of("Ana", "42")), 10, 5);

	/** Five sends at most; 500 ms before the first retry, doubling; a minute at most. */
	/** A day's wait, once. */
	private static final DispatcherProperties.MarketingLimit MARKETING_LIMIT = new DispatcherProperties.MarketingLimit(
			Duration.ofHours(24), 1);

	private static final DispatcherProperties.Retry RETRY = new DispatcherProperties.Retry(5, Duration.ofMillis(500),
			Duration.ofSeconds(60));

	/** The jitter that gives the shortest backoff: half the exponential delay. */
	private static final LongUnaryOperator SHORTEST = (bound) -> 0;

	/** The jitter that gives the longest backoff: the whole exponential delay. */
	private static final LongUnaryOperator LONGEST = (bound) -> bound - 1;

	private final OutcomePolicy policy = policy(RETRY, SHORTEST);

	@Test
	void shouldReportAnAcceptedSendWithItsWamidAtTheClocksTime() {
		assertThat(this.policy.decide(REQUEST, new SendOutcome.Accepted("wamid.HBgL"), 1))
			.isEqualTo(new Decision.Accept(StatusReported.accepted(CAMPAIGN, RECIPIENT, "wamid.HBgL", NOW)));
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 5 })
	void shouldFailARecipientThatMetaFailedAtOnceWithMetasCodeAndMessage(int attemptsMade) {
		assertThat(this.policy.decide(REQUEST, new SendOutcome.Failed(131026, "Message undeliverable"), attemptsMade))
			.isEqualTo(new Decision.Fail(
					StatusReported.failed(CAMPAIGN, RECIPIENT, 131026, "Message undeliverable", NOW)));
	}

	@Test
	void shouldRetryAThrottledFirstAttemptAfterHalfToAllOfTheInitialDelay() {
		SendOutcome throttled = throttled(Duration.ZERO);

		assertThat(policy(RETRY, SHORTEST).decide(REQUEST, throttled, 1))
			.isEqualTo(retryAt(1, NOW.plusMillis(250), 130429, "Throughput limit"));
		assertThat(policy(RETRY, LONGEST).decide(REQUEST, throttled, 1))
			.isEqualTo(retryAt(1, NOW.plusMillis(500), 130429, "Throughput limit"));
	}

	@Test
	void shouldDoubleTheBackoffWithEachAttempt() {
		assertThat(dueAfter(policy(RETRY, LONGEST).decide(REQUEST, throttled(Duration.ZERO), 2)))
			.isEqualTo(Duration.ofMillis(1000));
		assertThat(dueAfter(policy(RETRY, LONGEST).decide(REQUEST, throttled(Duration.ZERO), 3)))
			.isEqualTo(Duration.ofMillis(2000));
	}

	@Test
	void shouldStillRetryAtTheAttemptBeforeTheLastAllowed() {
		assertThat(this.policy.decide(REQUEST, throttled(Duration.ZERO), 4))
			.isEqualTo(retryAt(4, NOW.plusMillis(2000), 130429, "Throughput limit"));
	}

	@Test
	void shouldFailTheRecipientWhenTheLastAllowedAttemptIsThrottled() {
		assertThat(this.policy.decide(REQUEST, throttled(Duration.ZERO), 5)).isEqualTo(new Decision.Fail(
				StatusReported.failed(CAMPAIGN, RECIPIENT, 130429, "Gave up after 5 attempts: Throughput limit", NOW)));
	}

	@Test
	void shouldFailTheRecipientBeyondTheAllowedAttempts() {
		assertThat(this.policy.decide(REQUEST, throttled(Duration.ZERO), 6)).isEqualTo(new Decision.Fail(
				StatusReported.failed(CAMPAIGN, RECIPIENT, 130429, "Gave up after 6 attempts: Throughput limit", NOW)));
	}

	@Test
	void shouldFailAtTheFirstThrottlingWhenOneAttemptIsAllowed() {
		OutcomePolicy once = policy(new DispatcherProperties.Retry(1, Duration.ofMillis(500), Duration.ofSeconds(60)),
				SHORTEST);

		assertThat(once.decide(REQUEST, throttled(Duration.ZERO), 1)).isEqualTo(new Decision.Fail(
				StatusReported.failed(CAMPAIGN, RECIPIENT, 130429, "Gave up after 1 attempts: Throughput limit", NOW)));
	}

	@Test
	void shouldWaitAsLongAsMetaAskedWhenThatIsLongerThanTheBackoff() {
		assertThat(this.policy.decide(REQUEST, throttled(Duration.ofSeconds(10)), 1))
			.isEqualTo(retryAt(1, NOW.plusSeconds(10), 130429, "Throughput limit"));
	}

	@Test
	void shouldKeepTheBackoffWhenItIsLongerThanWhatMetaAsked() {
		assertThat(dueAfter(this.policy.decide(REQUEST, throttled(Duration.ofSeconds(1)), 4)))
			.isEqualTo(Duration.ofMillis(2000));
	}

	@Test
	void shouldCapTheBackoffAtTheLongestPause() {
		OutcomePolicy patient = policy(
				new DispatcherProperties.Retry(20, Duration.ofMillis(500), Duration.ofSeconds(60)), SHORTEST);

		// 500 ms × 2^8 = 128 s, of which at least half: 64 s.
		assertThat(dueAfter(patient.decide(REQUEST, throttled(Duration.ZERO), 9))).isEqualTo(Duration.ofSeconds(60));
		assertThat(dueAfter(patient.decide(REQUEST, throttled(Duration.ofMinutes(2)), 1)))
			.isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void shouldStopDoublingAfterSixteenDoublings() {
		OutcomePolicy patient = policy(new DispatcherProperties.Retry(30, Duration.ofMillis(1), Duration.ofDays(1)),
				LONGEST);

		assertThat(dueAfter(patient.decide(REQUEST, throttled(Duration.ZERO), 17))).isEqualTo(Duration.ofMillis(65536));
		assertThat(dueAfter(patient.decide(REQUEST, throttled(Duration.ZERO), 25))).isEqualTo(Duration.ofMillis(65536));
	}

	@Test
	void shouldWaitFourToThePowerOfTheAttemptsForThePairRateLimitWithoutJitter() {
		SendOutcome pairLimit = new SendOutcome.RetryLater(GraphErrors.PAIR_RATE_LIMIT, "Pair rate limit",
				Duration.ofSeconds(4), false);

		assertThat(policy(RETRY, LONGEST).decide(REQUEST, pairLimit, 1))
			.isEqualTo(retryAt(1, NOW.plusSeconds(4), GraphErrors.PAIR_RATE_LIMIT, "Pair rate limit"));
		assertThat(dueAfter(policy(RETRY, LONGEST).decide(REQUEST, pairLimit, 2))).isEqualTo(Duration.ofSeconds(16));
		// 64 s, past the longest pause.
		assertThat(dueAfter(policy(RETRY, LONGEST).decide(REQUEST, pairLimit, 3))).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void shouldRetryServerTroubleWhileAttemptsRemain() {
		assertThat(this.policy.decide(REQUEST, serverTrouble(), 4))
			.isEqualTo(retryAt(4, NOW.plusMillis(2000), 131016, "Service unavailable"));
	}

	@Test
	void shouldBlameTheSenderNotTheRecipientWhenServerTroubleOutlastsTheAttempts() {
		assertThat(this.policy.decide(REQUEST, serverTrouble(), 5)).isEqualTo(
				new Decision.ConnectionFailure("Meta error 131016 after 5 attempts", false, new Decision.Release()));
	}

	@Test
	void shouldCountAConnectionFailureAgainstTheSenderAndRetryWhileItIsConnected() {
		assertThat(this.policy.decide(REQUEST, cannotConnect(), 1))
			.isEqualTo(new Decision.ConnectionFailure("Meta error -1: Cannot connect", false,
					retryAt(1, NOW.plusMillis(250), ErrorCodes.CONNECT_FAILURE, "Cannot connect")));
	}

	@Test
	void shouldGiveUpOnTheSenderWhenConnectionFailuresOutlastTheAttempts() {
		assertThat(this.policy.decide(REQUEST, cannotConnect(), 5))
			.isEqualTo(new Decision.ConnectionFailure("Meta error -1: Cannot connect", false, new Decision.Release()));
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 5 })
	void shouldCountARefusedTokenAgainstTheSenderAndNeverRetryIt(int attemptsMade) {
		SendOutcome refused = new SendOutcome.SenderProblem(190, "Token expired", SenderAction.TOKEN_FAILURE);

		assertThat(this.policy.decide(REQUEST, refused, attemptsMade))
			.isEqualTo(new Decision.ConnectionFailure("Meta error 190: Token expired", true, new Decision.Release()));
	}

	@Test
	void shouldPauseTheSendersCampaignsAtTheSpamRateLimit() {
		SendOutcome spam = new SendOutcome.SenderProblem(131048, "Spam rate limit", SenderAction.PAUSE_CAMPAIGNS);

		assertThat(this.policy.decide(REQUEST, spam, 1))
			.isEqualTo(new Decision.PauseSenderCampaigns("Meta error 131048: Spam rate limit"));
	}

	@Test
	void shouldStopTheSendersCampaignsWhenItsAccountIsBlocked() {
		SendOutcome blocked = new SendOutcome.SenderProblem(368, "Temporarily blocked", SenderAction.STOP_CAMPAIGNS);

		assertThat(this.policy.decide(REQUEST, blocked, 1))
			.isEqualTo(new Decision.StopSenderCampaigns("Meta error 368: Temporarily blocked"));
	}

	@Test
	void shouldPauseTheCampaignWhenMetaRefusesItsTemplate() {
		SendOutcome paused = new SendOutcome.CampaignProblem(132015, "Template paused");

		assertThat(this.policy.decide(REQUEST, paused, 1))
			.isEqualTo(new Decision.PauseForTemplate("Meta refused the template (132015): Template paused"));
	}

	@Test
	void shouldLetARecipientHeldBackByMetasPerUserMarketingLimitWaitADayAndFailWhenItMayNotWait() {
		SendOutcome limited = new SendOutcome.Failed(131049, "Not delivered to maintain healthy ecosystem engagement");
		StatusReported failed = StatusReported.failed(CAMPAIGN, RECIPIENT, 131049,
				"Not delivered to maintain healthy ecosystem engagement", NOW);

		assertThat(this.policy.decide(REQUEST, limited, 1))
			.isEqualTo(new Decision.Defer(failed, NOW.plus(Duration.ofHours(24)), 1));
		OutcomePolicy never = new OutcomePolicy(RETRY, new DispatcherProperties.MarketingLimit(Duration.ofHours(24), 0),
				Clock.fixed(NOW, ZoneOffset.UTC), (bound) -> 0);
		assertThat(never.decide(REQUEST, limited, 1)).isEqualTo(new Decision.Fail(failed));
		assertThat(this.policy.decide(REQUEST, new SendOutcome.Failed(131026, "Undeliverable"), 1))
			.isInstanceOf(Decision.Fail.class);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 4, 5 })
	void shouldNeverRetryASendOfUnknownOutcome(int attemptsMade) {
		assertThat(this.policy.decide(REQUEST, new SendOutcome.Unknown("No answer within PT10S"), attemptsMade))
			.isEqualTo(new Decision.LeaveUnknown("No answer within PT10S"));
	}

	private static OutcomePolicy policy(DispatcherProperties.Retry retry, LongUnaryOperator jitter) {
		return new OutcomePolicy(retry, MARKETING_LIMIT, Clock.fixed(NOW, ZoneOffset.UTC), jitter);
	}

	private static SendOutcome throttled(Duration notBefore) {
		return new SendOutcome.RetryLater(130429, "Throughput limit", notBefore, false);
	}

	private static SendOutcome serverTrouble() {
		return new SendOutcome.RetryLater(131016, "Service unavailable", Duration.ZERO, true);
	}

	private static SendOutcome cannotConnect() {
		return new SendOutcome.SenderProblem(ErrorCodes.CONNECT_FAILURE, "Cannot connect",
				SenderAction.CONNECTION_FAILURE);
	}

	private static Decision retryAt(int attemptsMade, Instant dueAt, int code, String message) {
		return new Decision.RetryAt(new DispatchRetryScheduled(REQUEST, attemptsMade, dueAt, code, message));
	}

	private static Duration dueAfter(Decision decision) {
		assertThat(decision).isInstanceOf(Decision.RetryAt.class);
		return Duration.between(NOW, ((Decision.RetryAt) decision).retry().notBefore());
	}

}
