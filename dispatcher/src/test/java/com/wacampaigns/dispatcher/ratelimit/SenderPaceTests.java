package com.wacampaigns.dispatcher.ratelimit;

import java.time.Duration;

import com.google.common.util.concurrent.RateLimiter;
import org.junit.jupiter.api.Test;

import com.wacampaigns.dispatcher.DispatcherProperties;

import static org.assertj.core.api.Assertions.assertThat;

class SenderPaceTests {

	private static final long SECOND = 1_000_000_000L;

	/**
	 * Halved on 130429, one back-off a second at most, 5% of the ceiling back a second.
	 */
	private static final DispatcherProperties.Pace PACE = new DispatcherProperties.Pace(0.5, Duration.ofSeconds(1),
			0.05, 1);

	private final RateLimiter limiter = RateLimiter.create(80);

	private final SenderPace pace = new SenderPace(this.limiter, 80, PACE);

	@Test
	void shouldHalveOnThrottlingOnceForTheSendsInFlightAndRecoverStepByStepToTheCeiling() {
		long t = 0;
		this.pace.backOff(t);
		this.pace.backOff(t + SECOND / 2);

		assertThat(this.pace.rate()).as("the second 130429 came from a send already in flight").isEqualTo(40);
		assertThat(this.limiter.getRate()).isEqualTo(40);

		this.pace.backOff(t + 2 * SECOND);
		assertThat(this.pace.rate()).isEqualTo(20);

		this.pace.limiter(80, t + 2 * SECOND + SECOND / 2);
		assertThat(this.pace.rate()).as("less than a second later").isEqualTo(20);
		this.pace.limiter(80, t + 3 * SECOND);
		assertThat(this.pace.rate()).isEqualTo(24);
		this.pace.limiter(80, t + 8 * SECOND);
		assertThat(this.pace.rate()).isEqualTo(44);
		this.pace.limiter(80, t + 60 * SECOND);
		assertThat(this.pace.rate()).as("never past the ceiling").isEqualTo(80);
		assertThat(this.limiter.getRate()).isEqualTo(80);
	}

	@Test
	void shouldNeverGoBelowTheMinimumAndFollowANewCeiling() {
		for (int i = 0; i < 20; i++) {
			this.pace.backOff(i * 2 * SECOND);
		}
		assertThat(this.pace.rate()).isEqualTo(1);

		this.pace.limiter(10, 41 * SECOND);
		assertThat(this.pace.rate()).as("still recovering, within the new ceiling").isEqualTo(1);

		SenderPace fresh = new SenderPace(RateLimiter.create(80), 80, PACE);
		fresh.limiter(1000, 0);
		assertThat(fresh.rate()).as("an owner's new rate applies at once when Meta never throttled").isEqualTo(1000);
	}

}
