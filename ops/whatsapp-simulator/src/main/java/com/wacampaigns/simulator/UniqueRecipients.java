package com.wacampaigns.simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The unique users one business portfolio reached in a moving window, as Meta counts them
 * against the portfolio's messaging limit: a recipient counts from each send to them
 * until a whole window has passed without one. Each send costs a deque entry and a map
 * update under this portfolio's lock; expired entries go as later sends come.
 */
final class UniqueRecipients {

	private final long windowNanos;

	/** Every reach in the window, oldest first; a recipient reached again is in twice. */
	private final ArrayDeque<Reach> reaches = new ArrayDeque<>();

	/** Each recipient in the window and when it was last reached. */
	private final Map<String, Long> lastReached = new HashMap<>();

	private int peak;

	UniqueRecipients(Duration window) {
		this.windowNanos = window.toNanos();
	}

	/**
	 * Counts a send to this recipient.
	 * @return whether the recipient is new in the window although the portfolio had
	 * already reached as many as its tier allows: a send past the messaging limit
	 */
	synchronized boolean reach(String phone, long nowNanos, MessagingTier tier) {
		forgetOlderThanWindow(nowNanos);
		int before = this.lastReached.size();
		boolean newRecipient = this.lastReached.put(phone, nowNanos) == null;
		this.reaches.addLast(new Reach(nowNanos, phone));
		this.peak = Math.max(this.peak, this.lastReached.size());
		return newRecipient && !tier.allowsAnother(before);
	}

	/** The most unique recipients there have been in one window. */
	synchronized int peak() {
		return this.peak;
	}

	private void forgetOlderThanWindow(long nowNanos) {
		while (!this.reaches.isEmpty() && nowNanos - this.reaches.peekFirst().atNanos() >= this.windowNanos) {
			Reach expired = this.reaches.pollFirst();
			// Only the recipient's last reach takes them out of the window.
			this.lastReached.remove(expired.phone(), expired.atNanos());
		}
	}

	private record Reach(long atNanos, String phone) {

	}

}
