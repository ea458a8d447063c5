package com.wacampaigns.dispatcher.ratelimit;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Semaphore;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.RateLimiter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import com.wacampaigns.dispatcher.DispatcherProperties;

/**
 * The throttles of this dispatcher: a Guava {@link RateLimiter} per sender (Meta's cap on
 * the number), one per campaign (the rate its owner chose), and a bound on each
 * campaign's sends in flight. A sender's records all reach one consumer (they are keyed
 * by sender), so its limiter is enforced in one place. A sender's rate adapts to Meta's
 * answers ({@link SenderPace}): halved when Meta says the number's throughput is reached
 * (130429), then raised step by step back to the number's ceiling. Entries of campaigns
 * that stopped sending are dropped after a while.
 */
@Component
public class RateLimiters {

	private static final Duration IDLE = Duration.ofMinutes(10);

	private final Cache<String, SenderPace> senders = CacheBuilder.newBuilder().expireAfterAccess(IDLE).build();

	private final DispatcherProperties.Pace pace;

	private final MeterRegistry registry;

	public RateLimiters(DispatcherProperties properties, MeterRegistry registry) {
		this.pace = properties.pace();
		this.registry = registry;
	}

	private final Cache<UUID, RateLimiter> campaigns = CacheBuilder.newBuilder().expireAfterAccess(IDLE).build();

	private final Cache<UUID, Semaphore> workers = CacheBuilder.newBuilder().expireAfterAccess(IDLE).build();

	/**
	 * @param messagesPerSecond the sender's ceiling: its owner's rate within Meta's
	 * throughput level for it
	 */
	public RateLimiter forSender(String phoneNumberId, int messagesPerSecond) {
		return pace(phoneNumberId, messagesPerSecond).limiter(messagesPerSecond, System.nanoTime());
	}

	/** Meta said the sender's throughput is reached (130429): slow it down. */
	public void throttled(String phoneNumberId) {
		SenderPace pace = this.senders.getIfPresent(phoneNumberId);
		if (pace != null) {
			pace.backOff(System.nanoTime());
		}
	}

	private SenderPace pace(String phoneNumberId, int messagesPerSecond) {
		return this.senders.asMap().computeIfAbsent(phoneNumberId, (id) -> {
			// Registered on this (which lives as long as the app), not on the pace, which
			// the cache drops when the sender is idle: the gauge reads whichever pace the
			// sender has now.
			Gauge.builder("dispatch.sender.rate", this, (limiters) -> limiters.rateOf(id))
				.description("The messages a second a sender is paced at now, after Meta's throttling")
				.tag("sender", id)
				.register(this.registry);
			return new SenderPace(create(messagesPerSecond), messagesPerSecond, this.pace);
		});
	}

	/** A sender's pace now; not a number while it has none. */
	private double rateOf(String phoneNumberId) {
		SenderPace pace = this.senders.getIfPresent(phoneNumberId);
		return (pace != null) ? pace.rate() : Double.NaN;
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
	 * A new limiter has no stored permits, so a campaign does not open with a burst; an
	 * idle one stores at most one second's worth and spends it at once, so a sender idle
	 * for a while may send up to twice its rate within one second, never more over longer
	 * windows (the scale-out test measures five-second windows while instances come and
	 * go). A warm-up limiter would avoid the burst but lost 16% of the rate at 1,000/s
	 * (rate-accuracy), so the plain one stays.
	 */
	private static RateLimiter create(int messagesPerSecond) {
		return RateLimiter.create(messagesPerSecond);
	}

	private static RateLimiter adjusted(RateLimiter limiter, int messagesPerSecond) {
		if (limiter.getRate() != messagesPerSecond) {
			limiter.setRate(messagesPerSecond);
		}
		return limiter;
	}

}
