package com.wacampaigns.dispatcher.ratelimit;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.RateLimiter;
import org.springframework.stereotype.Component;

/**
 * The throttles of this dispatcher: a Guava {@link RateLimiter} per sender (Meta's cap on
 * the number), one per campaign (the rate its owner chose), and a bound on each
 * campaign's sends in flight. A sender's records all reach one consumer (they are keyed
 * by sender), so its limiter is enforced in one place. Entries of campaigns that stopped
 * sending are dropped after a while.
 */
@Component
public class RateLimiters {

	private static final Duration IDLE = Duration.ofMinutes(10);

	private static final Duration NO_BURST = Duration.ofMillis(1);

	private final Cache<String, RateLimiter> senders = CacheBuilder.newBuilder().expireAfterAccess(IDLE).build();

	private final Cache<UUID, RateLimiter> campaigns = CacheBuilder.newBuilder().expireAfterAccess(IDLE).build();

	private final Cache<UUID, Semaphore> workers = CacheBuilder.newBuilder().expireAfterAccess(IDLE).build();

	public RateLimiter forSender(String phoneNumberId, int messagesPerSecond) {
		return adjusted(this.senders.asMap().computeIfAbsent(phoneNumberId, (id) -> create(messagesPerSecond)),
				messagesPerSecond);
	}

	public RateLimiter forCampaign(UUID campaignId, int messagesPerSecond) {
		return adjusted(this.campaigns.asMap().computeIfAbsent(campaignId, (id) -> create(messagesPerSecond)),
				messagesPerSecond);
	}

	/** Permits for a campaign's sends in flight; the first record seen sets the bound. */
	public Semaphore workers(UUID campaignId, int maxWorkers) {
		return this.workers.asMap().computeIfAbsent(campaignId, (id) -> new Semaphore(maxWorkers));
	}

	/**
	 * A limiter that never bursts. Guava's plain limiter saves up to a second of unused
	 * permits while idle and spends them at once, so a sender idle for a moment could
	 * send twice its rate within one second, which Meta counts against the number. A
	 * warm-up of a millisecond leaves it at most one stored permit, and the rate is exact
	 * in every one-second window (the scale-out test measures it while instances come and
	 * go).
	 */
	private static RateLimiter create(int messagesPerSecond) {
		return RateLimiter.create(messagesPerSecond, NO_BURST);
	}

	private static RateLimiter adjusted(RateLimiter limiter, int messagesPerSecond) {
		if (limiter.getRate() != messagesPerSecond) {
			limiter.setRate(messagesPerSecond);
		}
		return limiter;
	}

}
