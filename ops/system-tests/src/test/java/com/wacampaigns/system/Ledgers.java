package com.wacampaigns.system;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.wacampaigns.simulator.Ledger;
import com.wacampaigns.simulator.WhatsAppSimulator;

/**
 * What the simulator's ledger says about one campaign.
 */
final class Ledgers {

	private Ledgers() {
	}

	static List<Ledger.Entry> sends(WhatsAppSimulator simulator, UUID campaign) {
		return simulator.ledger().entries().stream().filter((e) -> e.campaign().equals(campaign.toString())).toList();
	}

	static long distinctPhones(WhatsAppSimulator simulator, UUID campaign) {
		return sends(simulator, campaign).stream().map(Ledger.Entry::phone).distinct().count();
	}

	static long sendsAfter(WhatsAppSimulator simulator, UUID campaign, Instant when) {
		return sends(simulator, campaign).stream().filter((e) -> e.at().isAfter(when)).count();
	}

	/** Sends per second between the first and the last send. */
	static double rate(WhatsAppSimulator simulator, UUID campaign) {
		List<Ledger.Entry> sends = sends(simulator, campaign);
		Duration span = Duration.between(sends.get(0).at(), sends.get(sends.size() - 1).at());
		return (sends.size() - 1) / (span.toNanos() / 1e9);
	}

	/**
	 * The most sends of a sender in any window of {@code window} (sliding, from each
	 * send).
	 */
	static int busiestWindow(WhatsAppSimulator simulator, String phoneNumberId, Duration window) {
		List<Instant> times = simulator.ledger()
			.entries()
			.stream()
			.filter((e) -> e.phoneNumberId().equals(phoneNumberId))
			.map(Ledger.Entry::at)
			.sorted()
			.toList();
		int busiest = 0;
		int start = 0;
		for (int end = 0; end < times.size(); end++) {
			while (Duration.between(times.get(start), times.get(end)).compareTo(window) >= 0) {
				start++;
			}
			busiest = Math.max(busiest, end - start + 1);
		}
		return busiest;
	}

}
