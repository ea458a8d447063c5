package com.wacampaigns.common;

/**
 * A number's throughput level at Meta: the messages a second it may send.
 */
public enum ThroughputLevel {

	STANDARD(80), HIGH(1000);

	private final int messagesPerSecond;

	ThroughputLevel(int messagesPerSecond) {
		this.messagesPerSecond = messagesPerSecond;
	}

	public int messagesPerSecond() {
		return this.messagesPerSecond;
	}

	/**
	 * A sender's pace: its owner's rate within what its level allows; the owner's rate
	 * alone before Meta said the level.
	 * @param level {@code STANDARD}, {@code HIGH}, or {@code null}
	 */
	public static int ceiling(int messagesPerSecond, String level) {
		for (ThroughputLevel known : values()) {
			if (known.name().equals(level)) {
				return Math.min(messagesPerSecond, known.messagesPerSecond);
			}
		}
		return messagesPerSecond;
	}

}
