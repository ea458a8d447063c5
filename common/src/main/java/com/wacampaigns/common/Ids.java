package com.wacampaigns.common;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Row ids.
 */
public final class Ids {

	private Ids() {
	}

	/**
	 * A UUID of version 7 (RFC 9562): the time in milliseconds first, then random bits.
	 * Recipients imported together get neighbouring ids, so a million-row COPY appends to
	 * the primary key's B-tree instead of touching a random page (and logging it whole
	 * after a checkpoint) for every row.
	 */
	public static UUID timeOrdered() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long mostSignificant = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
		long leastSignificant = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(mostSignificant, leastSignificant);
	}

}
