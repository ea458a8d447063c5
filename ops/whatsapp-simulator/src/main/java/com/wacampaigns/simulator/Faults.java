package com.wacampaigns.simulator;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The trouble the simulator makes, as set with {@code PUT /_sim/faults} (snake_case JSON,
 * every field optional) and cleared with {@code DELETE /_sim/faults}. Shares are between
 * 0 and 1.
 * <p>
 * The two {@code accepted_then_*} faults model what the Cloud API's lack of an
 * idempotency key makes possible: Meta accepted the message (it is in the ledger and its
 * status webhooks follow) but the caller cannot know it, because the answer is an error
 * or comes too late. They apply only to sends no other fault refused, and their shares
 * add up: one draw picks the error, the hang or a prompt answer.
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
 * @param acceptedThenErrorShare share of sends accepted but answered with
 * {@code acceptedThenErrorStatus}
 * @param acceptedThenErrorStatus the HTTP status of those answers: 500 (the default, with
 * Graph code 131000), or 502, 503 or 504 (a gateway's page, no Graph error)
 * @param acceptedThenHangShare share of sends accepted but answered 200 only after
 * {@code hangMs}
 * @param hangMs how long those answers wait (0 or absent: 15000)
 * @param marketingLimitShare share of sends refused with 131049 (Meta's per-user
 * marketing limit: the user got enough marketing messages for now)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Faults(@JsonProperty("throughput_per_second") int throughputPerSecond,
		@JsonProperty("throttle_share") double throttleShare, @JsonProperty("pair_rate_share") double pairRateShare,
		@JsonProperty("undeliverable_share") double undeliverableShare,
		@JsonProperty("undeliverable_async") boolean undeliverableAsync,
		@JsonProperty("server_error_share") double serverErrorShare, boolean outage,
		@JsonProperty("token_expired") boolean tokenExpired, @JsonProperty("latency_min_ms") int latencyMinMs,
		@JsonProperty("latency_max_ms") int latencyMaxMs,
		@JsonProperty("accepted_then_error_share") double acceptedThenErrorShare,
		@JsonProperty("accepted_then_error_status") int acceptedThenErrorStatus,
		@JsonProperty("accepted_then_hang_share") double acceptedThenHangShare, @JsonProperty("hang_ms") int hangMs,
		@JsonProperty("marketing_limit_share") double marketingLimitShare) {

	private static final int DEFAULT_ACCEPTED_THEN_ERROR_STATUS = 500;

	private static final int DEFAULT_HANG_MS = 15_000;

	public static final Faults NONE = new Faults(0, 0, 0, 0, false, 0, false, false, 0, 0);

	public Faults {
		if (acceptedThenErrorStatus == 0) {
			acceptedThenErrorStatus = DEFAULT_ACCEPTED_THEN_ERROR_STATUS;
		}
		if (hangMs == 0) {
			hangMs = DEFAULT_HANG_MS;
		}
		if (acceptedThenErrorStatus != 500 && (acceptedThenErrorStatus < 502 || acceptedThenErrorStatus > 504)) {
			throw new IllegalArgumentException(
					"accepted_then_error_status must be 500, 502, 503 or 504, not " + acceptedThenErrorStatus);
		}
		if (hangMs < 0) {
			throw new IllegalArgumentException("hang_ms must not be negative, not " + hangMs);
		}
	}

	/**
	 * Faults without ambiguous answers: the shorter form older callers use. Disabled as a
	 * JSON creator, so that JSON binds to the canonical constructor only.
	 */
	@JsonCreator(mode = JsonCreator.Mode.DISABLED)
	public Faults(int throughputPerSecond, double throttleShare, double pairRateShare, double undeliverableShare,
			boolean undeliverableAsync, double serverErrorShare, boolean outage, boolean tokenExpired, int latencyMinMs,
			int latencyMaxMs) {
		this(throughputPerSecond, throttleShare, pairRateShare, undeliverableShare, undeliverableAsync,
				serverErrorShare, outage, tokenExpired, latencyMinMs, latencyMaxMs, 0, 0, 0, 0, 0);
	}

	public Faults withThrottleShare(double share) {
		return new Faults(this.throughputPerSecond, share, this.pairRateShare, this.undeliverableShare,
				this.undeliverableAsync, this.serverErrorShare, this.outage, this.tokenExpired, this.latencyMinMs,
				this.latencyMaxMs, this.acceptedThenErrorShare, this.acceptedThenErrorStatus,
				this.acceptedThenHangShare, this.hangMs, this.marketingLimitShare);
	}

	public Faults withPairRateShare(double share) {
		return new Faults(this.throughputPerSecond, this.throttleShare, share, this.undeliverableShare,
				this.undeliverableAsync, this.serverErrorShare, this.outage, this.tokenExpired, this.latencyMinMs,
				this.latencyMaxMs, this.acceptedThenErrorShare, this.acceptedThenErrorStatus,
				this.acceptedThenHangShare, this.hangMs, this.marketingLimitShare);
	}

	/** Refuse this share of sends with 500 and code 131000, without taking them. */
	public Faults withServerErrorShare(double share) {
		return new Faults(this.throughputPerSecond, this.throttleShare, this.pairRateShare, this.undeliverableShare,
				this.undeliverableAsync, share, this.outage, this.tokenExpired, this.latencyMinMs, this.latencyMaxMs,
				this.acceptedThenErrorShare, this.acceptedThenErrorStatus, this.acceptedThenHangShare, this.hangMs,
				this.marketingLimitShare);
	}

	public Faults withOutage(boolean outage) {
		return new Faults(this.throughputPerSecond, this.throttleShare, this.pairRateShare, this.undeliverableShare,
				this.undeliverableAsync, this.serverErrorShare, outage, this.tokenExpired, this.latencyMinMs,
				this.latencyMaxMs, this.acceptedThenErrorShare, this.acceptedThenErrorStatus,
				this.acceptedThenHangShare, this.hangMs, this.marketingLimitShare);
	}

	public Faults withUndeliverable(double share, boolean async) {
		return new Faults(this.throughputPerSecond, this.throttleShare, this.pairRateShare, share, async,
				this.serverErrorShare, this.outage, this.tokenExpired, this.latencyMinMs, this.latencyMaxMs,
				this.acceptedThenErrorShare, this.acceptedThenErrorStatus, this.acceptedThenHangShare, this.hangMs,
				this.marketingLimitShare);
	}

	public Faults withThroughputPerSecond(int perSecond) {
		return new Faults(perSecond, this.throttleShare, this.pairRateShare, this.undeliverableShare,
				this.undeliverableAsync, this.serverErrorShare, this.outage, this.tokenExpired, this.latencyMinMs,
				this.latencyMaxMs, this.acceptedThenErrorShare, this.acceptedThenErrorStatus,
				this.acceptedThenHangShare, this.hangMs, this.marketingLimitShare);
	}

	/**
	 * Accept this share of sends but answer them with this status (500, 502, 503, 504).
	 */
	public Faults withAcceptedThenError(double share, int status) {
		return new Faults(this.throughputPerSecond, this.throttleShare, this.pairRateShare, this.undeliverableShare,
				this.undeliverableAsync, this.serverErrorShare, this.outage, this.tokenExpired, this.latencyMinMs,
				this.latencyMaxMs, share, status, this.acceptedThenHangShare, this.hangMs, this.marketingLimitShare);
	}

	/** Refuse this share of sends with 131049, Meta's per-user marketing limit. */
	public Faults withMarketingLimitShare(double share) {
		return new Faults(this.throughputPerSecond, this.throttleShare, this.pairRateShare, this.undeliverableShare,
				this.undeliverableAsync, this.serverErrorShare, this.outage, this.tokenExpired, this.latencyMinMs,
				this.latencyMaxMs, this.acceptedThenErrorShare, this.acceptedThenErrorStatus,
				this.acceptedThenHangShare, this.hangMs, share);
	}

	/** Accept this share of sends but answer them only after this many milliseconds. */
	public Faults withAcceptedThenHang(double share, int hangMs) {
		return new Faults(this.throughputPerSecond, this.throttleShare, this.pairRateShare, this.undeliverableShare,
				this.undeliverableAsync, this.serverErrorShare, this.outage, this.tokenExpired, this.latencyMinMs,
				this.latencyMaxMs, this.acceptedThenErrorShare, this.acceptedThenErrorStatus, share, hangMs,
				this.marketingLimitShare);
	}

}
