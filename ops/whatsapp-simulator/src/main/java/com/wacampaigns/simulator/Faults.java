package com.wacampaigns.simulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The trouble the simulator makes, as set with {@code PUT /_sim/faults} (snake_case JSON,
 * every field optional) and cleared with {@code DELETE /_sim/faults}. Shares are between
 * 0 and 1.
 *
 * @param throughputPerSecond sends per second a number may make; more are refused with
 * 130429 (0 for no limit)
 * @param throttleShare share of sends refused with 130429 (a throttling storm)
 * @param pairRateShare share of sends refused with 131056 (pair rate limit)
 * @param undeliverableShare share of sends that fail with 131026
 * @param undeliverableAsync whether those are accepted first and fail in a {@code failed}
 * webhook
 * @param serverErrorShare share of sends answered HTTP 500 with code 131000
 * @param outage every send is answered HTTP 503 with code 2 (service unavailable)
 * @param tokenExpired every send is refused with 190 (access token expired)
 * @param latencyMinMs least added latency of an answer
 * @param latencyMaxMs most added latency of an answer (uniform in between)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Faults(@JsonProperty("throughput_per_second") int throughputPerSecond,
		@JsonProperty("throttle_share") double throttleShare, @JsonProperty("pair_rate_share") double pairRateShare,
		@JsonProperty("undeliverable_share") double undeliverableShare,
		@JsonProperty("undeliverable_async") boolean undeliverableAsync,
		@JsonProperty("server_error_share") double serverErrorShare, boolean outage,
		@JsonProperty("token_expired") boolean tokenExpired, @JsonProperty("latency_min_ms") int latencyMinMs,
		@JsonProperty("latency_max_ms") int latencyMaxMs) {

	public static final Faults NONE = new Faults(0, 0, 0, 0, false, 0, false, false, 0, 0);

	public Faults withThrottleShare(double share) {
		return new Faults(this.throughputPerSecond, share, this.pairRateShare, this.undeliverableShare,
				this.undeliverableAsync, this.serverErrorShare, this.outage, this.tokenExpired, this.latencyMinMs,
				this.latencyMaxMs);
	}

	public Faults withPairRateShare(double share) {
		return new Faults(this.throughputPerSecond, this.throttleShare, share, this.undeliverableShare,
				this.undeliverableAsync, this.serverErrorShare, this.outage, this.tokenExpired, this.latencyMinMs,
				this.latencyMaxMs);
	}

	public Faults withOutage(boolean outage) {
		return new Faults(this.throughputPerSecond, this.throttleShare, this.pairRateShare, this.undeliverableShare,
				this.undeliverableAsync, this.serverErrorShare, outage, this.tokenExpired, this.latencyMinMs,
				this.latencyMaxMs);
	}

	public Faults withUndeliverable(double share, boolean async) {
		return new Faults(this.throughputPerSecond, this.throttleShare, this.pairRateShare, share, async,
				this.serverErrorShare, this.outage, this.tokenExpired, this.latencyMinMs, this.latencyMaxMs);
	}

	public Faults withThroughputPerSecond(int perSecond) {
		return new Faults(perSecond, this.throttleShare, this.pairRateShare, this.undeliverableShare,
				this.undeliverableAsync, this.serverErrorShare, this.outage, this.tokenExpired, this.latencyMinMs,
				this.latencyMaxMs);
	}

}
