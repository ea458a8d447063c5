package com.wacampaigns.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.web.ApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class LoginThrottleTests {

	private final TestClock clock = new TestClock();

	@Test
	void shouldRefuseAUserNameAfterItsFailuresUntilItsWindowEnds() {
		LoginThrottle throttle = throttle(3, 100, 1000);
		failTimes(throttle, 3, "ana", "10.0.0.1");

		assertThat(refusal(throttle, "ana", "10.0.0.2").getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
			.isEqualTo("300");
		this.clock.advance(Duration.ofSeconds(299));
		assertThat(refusal(throttle, "ana", "10.0.0.3").getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThatNoException().isThrownBy(() -> throttle.attempt("bob", "10.0.0.1"));
		this.clock.advance(Duration.ofSeconds(1));
		assertThatNoException().isThrownBy(() -> throttle.attempt("ana", "10.0.0.1"));
	}

	@Test
	void shouldRefuseAnAddressAfterItsFailuresWhateverTheUserNames() {
		LoginThrottle throttle = throttle(100, 3, 1000);
		for (int i = 0; i < 3; i++) {
			throttle.attempt("user-" + i, "10.0.0.1");
		}

		ApiException refused = refusal(throttle, "someone-else", "10.0.0.1");
		assertThat(refused.getStatusCode().value()).isEqualTo(429);
		assertThat(refused.getBody().getDetail()).contains("from this address");
		assertThatNoException().isThrownBy(() -> throttle.attempt("someone-else", "10.0.0.2"));
	}

	@Test
	void shouldNotCountSuccessfulLoginsAndClearTheFailuresOfTheUserName() {
		LoginThrottle throttle = throttle(3, 3, 1000);
		for (int i = 0; i < 20; i++) {
			throttle.attempt("user-" + i, "10.0.0.1");
			throttle.succeeded("user-" + i, "10.0.0.1");
		}
		failTimes(throttle, 2, "ana", "10.0.0.2");
		throttle.attempt("ana", "10.0.0.3");
		throttle.succeeded("ana", "10.0.0.3");

		failTimes(throttle, 2, "ana", "10.0.0.4");
		assertThatNoException().isThrownBy(() -> throttle.attempt("ana", "10.0.0.5"));
	}

	@Test
	void shouldCountAllOfAnIpv6ClientsSlash64AsOneAddress() {
		assertThat(LoginThrottle.client("2001:db8:1:2:aaaa::1")).isEqualTo(LoginThrottle.client("2001:db8:1:2::2"))
			.isNotEqualTo(LoginThrottle.client("2001:db8:1:3::1"));
		assertThat(LoginThrottle.client("192.0.2.7")).isEqualTo("192.0.2.7");

		LoginThrottle throttle = throttle(100, 2, 1000);
		failTimes(throttle, 2, "ana", "2001:db8:1:2::10");
		assertThat(refusal(throttle, "bob", "2001:db8:1:2:ffff::20").getStatusCode().value()).isEqualTo(429);
	}

	@Test
	void shouldForgetTheLeastRecentlySeenPastItsSize() {
		LoginThrottle throttle = throttle(1, 100, 2);
		throttle.attempt("ana", "10.0.0.1");
		throttle.attempt("bob", "10.0.0.2");
		refusal(throttle, "ana", "10.0.0.3");
		throttle.attempt("cy", "10.0.0.4");
		throttle.attempt("dee", "10.0.0.5");

		assertThatNoException().isThrownBy(() -> throttle.attempt("ana", "10.0.0.6"));
	}

	private LoginThrottle throttle(int perUsername, int perAddress, int maxTracked) {
		return new LoginThrottle(
				new GatewayProperties.Login(perUsername, perAddress, Duration.ofMinutes(5), maxTracked), this.clock);
	}

	/** Attempts that are not followed by a success: wrong passwords. */
	private static void failTimes(LoginThrottle throttle, int times, String username, String address) {
		for (int i = 0; i < times; i++) {
			throttle.attempt(username, address);
		}
	}

	private static ApiException refusal(LoginThrottle throttle, String username, String address) {
		try {
			throttle.attempt(username, address);
		}
		catch (ApiException ex) {
			return ex;
		}
		throw new AssertionError(username + " from " + address + " should have been refused");
	}

	private static final class TestClock extends Clock {

		private Instant now = Instant.parse("2025-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
