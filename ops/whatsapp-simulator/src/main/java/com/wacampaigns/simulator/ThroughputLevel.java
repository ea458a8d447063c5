package com.wacampaigns.simulator;

import java.util.Locale;

/**
 * A business number's throughput level, as {@code GET /{phone-number-id}} answers it in
 * {@code throughput.level}: STANDARD is 80 messages per second at Meta, HIGH 1,000 (see
 * {@link SimulatorSettings.Limits} for the simulator's rates).
 */
public enum ThroughputLevel {

	STANDARD, HIGH;

	/**
	 * @param value a level's name, in any case
	 * @throws IllegalArgumentException for a level Meta does not have
	 */
	public static ThroughputLevel of(String value) {
		for (ThroughputLevel level : values()) {
			if (level.name().equals((value != null) ? value.toUpperCase(Locale.ROOT) : null)) {
				return level;
			}
		}
		throw new IllegalArgumentException("throughput_level must be STANDARD or HIGH, not " + value);
	}

}
