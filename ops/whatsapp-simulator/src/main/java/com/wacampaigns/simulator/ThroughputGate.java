package com.wacampaigns.simulator;

import java.time.Instant;
import java.util.Optional;

/**
 * One number's messages-per-second cap over a sliding second: it remembers when its last
 * {@code perSecond} sends were admitted and admits another only once the oldest of them
 * is a second old. Unlike a count per calendar second, two bursts can never meet at a
 * second's boundary, so no second of the ledger holds more than the cap.
 */
final class ThroughputGate {

	private static final long ONE_SECOND_MICROS = 1_000_000;

	/** Admission times in microseconds, a ring whose oldest slot is {@link #oldest}. */
	private final long[] admittedAt;

	private int oldest;

	ThroughputGate(int perSecond) {
		this.admittedAt = new long[perSecond];
	}

	int perSecond() {
		return this.admittedAt.length;
	}

	/**
	 * Reads the clock under the lock, so that admissions are in clock order.
	 * @return when the send was admitted, the time its ledger entry takes, or empty when
	 * the number has had its share of this second
	 */
	synchronized Optional<Instant> admit() {
		Instant now = Instant.now();
		long micros = now.getEpochSecond() * ONE_SECOND_MICROS + now.getNano() / 1_000;
		if (micros - this.admittedAt[this.oldest] < ONE_SECOND_MICROS) {
			return Optional.empty();
		}
		this.admittedAt[this.oldest] = micros;
		this.oldest = (this.oldest + 1) % this.admittedAt.length;
		return Optional.of(now);
	}

}
