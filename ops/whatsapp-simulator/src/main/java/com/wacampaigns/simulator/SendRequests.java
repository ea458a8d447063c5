package com.wacampaigns.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every send request a number's caller made, answered or refused, counted per tenth of a
 * second: what the caller asked of Meta, which a ledger of accepted sends alone cannot
 * show when Meta refuses some (a caller that retries without pacing its retries sends
 * more than its number may, and a share of refusals hides it).
 */
final class SendRequests {

	private static final long TENTH_MILLIS = 100;

	private final Map<String, Map<Long, LongAdder>> byNumber = new ConcurrentHashMap<>();

	void record(String phoneNumberId) {
		this.byNumber.computeIfAbsent(phoneNumberId, (id) -> new ConcurrentHashMap<>())
			.computeIfAbsent(System.currentTimeMillis() / TENTH_MILLIS, (tenth) -> new LongAdder())
			.increment();
	}

	/**
	 * The most requests of the number in any window of {@code window} (sliding by tenths
	 * of a second).
	 */
	long busiest(String phoneNumberId, Duration window) {
		Map<Long, LongAdder> counts = this.byNumber.getOrDefault(phoneNumberId, Map.of());
		TreeMap<Long, Long> tenths = new TreeMap<>();
		counts.forEach((tenth, count) -> tenths.put(tenth, count.sum()));
		long width = Math.max(1, window.toMillis() / TENTH_MILLIS);
		long busiest = 0;
		for (Long start : tenths.keySet()) {
			long sum = tenths.subMap(start, start + width).values().stream().mapToLong(Long::longValue).sum();
			busiest = Math.max(busiest, sum);
		}
		return busiest;
	}

	void clear() {
		this.byNumber.clear();
	}

}
