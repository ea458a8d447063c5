package com.wacampaigns.dispatcher.sending;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.wacampaigns.common.graph.GraphError;

import static org.assertj.core.api.Assertions.assertThat;

class GraphErrorsTests {

	@ParameterizedTest
	@ValueSource(ints = { 130429, 4, 80007, 2, 131016, 131057, 133004 })
	void shouldRetryThrottlingAndTemporaryErrors(int code) {
		assertThat(GraphErrors.classify(400, error(code))).isInstanceOf(SendOutcome.RetryLater.class);
		assertThat(GraphErrors.classify(503, error(code))).isInstanceOf(SendOutcome.RetryLater.class);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 131000 })
	void shouldNotRetryAnswersThatMayHaveBeenProcessed(int code) {
		assertThat(GraphErrors.classify(500, error(code))).isInstanceOf(SendOutcome.Unknown.class);
	}

	@Test
	void shouldTellTokenErrorsFromOtherSenderProblems() {
		assertThat(GraphErrors.classify(401, error(190))).isInstanceOfSatisfying(SendOutcome.SenderProblem.class,
				(problem) -> assertThat(problem.action()).isEqualTo(SendOutcome.SenderAction.TOKEN_FAILURE));
		assertThat(GraphErrors.classify(400, error(131048))).isInstanceOfSatisfying(SendOutcome.SenderProblem.class,
				(problem) -> assertThat(problem.action()).isEqualTo(SendOutcome.SenderAction.PAUSE_CAMPAIGNS));
	}

	@Test
	void shouldRetryThePairRateLimitOnlyAfterAWhile() {
		assertThat(GraphErrors.classify(400, error(131056))).isInstanceOfSatisfying(SendOutcome.RetryLater.class,
				(later) -> assertThat(later.notBefore()).isGreaterThanOrEqualTo(Duration.ofSeconds(4)));
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 190, 131048, 133010, 368, 131031, 131042 })
	void shouldBlameTheSenderForTokenAndAccountErrors(int code) {
		assertThat(GraphErrors.classify(401, error(code))).isInstanceOf(SendOutcome.SenderProblem.class);
	}

	@ParameterizedTest
	@ValueSource(ints = { 131026, 131047, 131049, 131050, 131008, 131009, 100, 132000, 132001, 132005, 132007, 132012,
			132018 })
	void shouldFailTheRecipientForUndeliverableAndTemplateErrors(int code) {
		assertThat(GraphErrors.classify(400, error(code))).isInstanceOfSatisfying(SendOutcome.Failed.class,
				(failed) -> assertThat(failed.code()).isEqualTo(code));
	}

	@Test
	void shouldKeyOnTheCodeNotTheHttpStatusAndCallUnknown5xxAmbiguous() {
		assertThat(GraphErrors.classify(500, error(131026))).isInstanceOf(SendOutcome.Failed.class);
		assertThat(GraphErrors.classify(503, error(99999))).isInstanceOf(SendOutcome.Unknown.class);
		assertThat(GraphErrors.classify(502, null)).isInstanceOf(SendOutcome.Unknown.class);
		assertThat(GraphErrors.classify(404, null)).isInstanceOf(SendOutcome.Failed.class);
	}

	@Test
	void shouldKeepMetasMessageAndDetails() {
		assertThat(GraphErrors.classify(400,
				GraphError.of(131026, "OAuthException", "Message undeliverable", "The recipient is not on WhatsApp")))
			.isEqualTo(new SendOutcome.Failed(131026, "Message undeliverable: The recipient is not on WhatsApp"));
	}

	private static GraphError error(int code) {
		return GraphError.of(code, "OAuthException", "error " + code, null);
	}

}
