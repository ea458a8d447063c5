package com.wacampaigns.dispatcher.ratelimit;

import com.google.common.util.concurrent.RateLimiter;

import com.wacampaigns.dispatcher.DispatcherProperties;

/**
 * A sender's rate, adapting to Meta's answers the way TCP adapts to loss: multiplied by
 * {@code backoff-factor} when Meta answers 130429 (the number's throughput is reached),
 * at most once per {@code backoff-hold} (the sends already in flight when the first
 * 130429 came back would otherwise halve it again and again), and raised by
 * {@code recovery-per-second} of the ceiling each second after, back to the ceiling. So a
 * storm of 130429 never lasts, and a sender that Meta slowed down for a while gets its
 * rate back by itself.
 */
final class SenderPace {

	private final RateLimiter limiter;

	private final DispatcherProperties.Pace settings;

	private double ceiling;

	private double rate;

	private long changedAt;

	private long backedOffAt = Long.MIN_VALUE;

	SenderPace(RateLimiter limiter, int ceiling, DispatcherProperties.Pace settings) {
		this.limiter = limiter;
		this.settings = settings;
		this.ceiling = ceiling;
		this.rate = ceiling;
		this.changedAt = System.nanoTime();
	}

	/**
	 * The limiter at the rate the pace has reached now, recovered for the time since it
	 * last changed; the rate is set on the limiter only when it moved by a step.
	 * @param ceiling the sender's ceiling now (its owner may have changed it)
	 */
	synchronized RateLimiter limiter(int ceiling, long now) {
		if (ceiling != this.ceiling) {
			this.ceiling = ceiling;
			this.rate = Math.min(this.rate, ceiling);
			if (this.backedOffAt == Long.MIN_VALUE) {
				this.rate = ceiling;
			}
			apply(now);
		}
		else if (this.rate < this.ceiling) {
			double seconds = (now - this.changedAt) / 1e9;
			double step = this.settings.recoveryPerSecond() * this.ceiling;
			if (seconds >= 1) {
				this.rate = Math.min(this.ceiling, this.rate + step * Math.floor(seconds));
				apply(now);
			}
		}
		return this.limiter;
	}

	synchronized void backOff(long now) {
		if (this.backedOffAt != Long.MIN_VALUE && now - this.backedOffAt < this.settings.backoffHold().toNanos()) {
			return;
		}
		this.backedOffAt = now;
		this.rate = Math.max(this.settings.minimumRate(), this.rate * this.settings.backoffFactor());
		apply(now);
	}

	synchronized double rate() {
		return this.rate;
	}

	private void apply(long now) {
		this.changedAt = now;
		if (this.limiter.getRate() != this.rate) {
			this.limiter.setRate(this.rate);
		}
	}

}
