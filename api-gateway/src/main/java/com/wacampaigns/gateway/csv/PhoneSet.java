package com.wacampaigns.gateway.csv;

import java.util.Arrays;

/**
 * The numbers already in a campaign during an import, for its duplicate check. An E.164
 * number has at most 15 digits, so its digits fit in a long exactly; kept in an
 * open-addressing table that is 8 to 16 bytes a number instead of the ~100 of a
 * {@code HashSet<String>}, so a million-row import fits a small heap.
 */
final class PhoneSet {

	private long[] slots = new long[1 << 12];

	private int size;

	/**
	 * @param e164 such as {@code +919812345678}
	 * @return whether it was not there yet
	 */
	boolean add(String e164) {
		long key = Long.parseLong(e164, 1, e164.length(), 10);
		if (this.size * 4 >= this.slots.length * 3) {
			grow();
		}
		return insert(this.slots, key);
	}

	int size() {
		return this.size;
	}

	private boolean insert(long[] table, long key) {
		int mask = table.length - 1;
		int slot = index(key, mask);
		while (table[slot] != 0) {
			if (table[slot] == key) {
				return false;
			}
			slot = (slot + 1) & mask;
		}
		table[slot] = key;
		if (table == this.slots) {
			this.size++;
		}
		return true;
	}

	private void grow() {
		long[] bigger = new long[this.slots.length * 2];
		Arrays.stream(this.slots).filter((key) -> key != 0).forEach((key) -> insert(bigger, key));
		this.slots = bigger;
	}

	/** Numbers cluster (one country, neighbouring ranges): spread them before masking. */
	private static int index(long key, int mask) {
		long mixed = key * 0x9E3779B97F4A7C15L;
		return (int) (mixed ^ (mixed >>> 32)) & mask;
	}

}
