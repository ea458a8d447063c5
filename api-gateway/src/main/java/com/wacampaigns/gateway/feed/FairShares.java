package com.wacampaigns.gateway.feed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rates the feeder feeds a sender's running campaigns at, together never more than
 * the sender can send: its rate is shared out max-min fair (each campaign gets its own
 * rate if that fits in an equal share of what is left, the rest is shared by the others),
 * so a 10/s campaign beside a 1,000/s one on an 80/s number keeps its 10/s and the other
 * gets 70/s. Kafka then holds a lookahead of the sender's rate, not of every campaign's.
 * The dispatcher's limiter per sender paces the sends themselves.
 */
final class FairShares {

	private FairShares() {
	}

	/**
	 * @param campaigns the running campaigns with recipients left to feed
	 * @return each campaign's rate, in messages a second
	 */
	static Map<UUID, Double> of(List<Feedable> campaigns) {
		Map<UUID, List<Feedable>> bySender = new LinkedHashMap<>();
		Map<UUID, Double> shares = new HashMap<>();
		for (Feedable campaign : campaigns) {
			if (campaign.backlog()) {
				bySender.computeIfAbsent(campaign.senderId(), (id) -> new ArrayList<>()).add(campaign);
			}
			else {
				// Fully fed: only its tail sweep feeds, now and then; it takes no share.
				shares.put(campaign.id(), (double) Math.min(campaign.rateLimit(), campaign.senderRate()));
			}
		}
		bySender.values().forEach((ofSender) -> share(ofSender, shares));
		return shares;
	}

	private static void share(List<Feedable> campaigns, Map<UUID, Double> shares) {
		List<Feedable> smallestFirst = new ArrayList<>(campaigns);
		smallestFirst.sort(Comparator.comparingInt(Feedable::rateLimit));
		double left = smallestFirst.get(0).senderRate();
		for (int i = 0; i < smallestFirst.size(); i++) {
			Feedable campaign = smallestFirst.get(i);
			double share = Math.min(campaign.rateLimit(), left / (smallestFirst.size() - i));
			shares.put(campaign.id(), share);
			left -= share;
		}
	}

	/**
	 * A running campaign the feeder may feed this round.
	 *
	 * @param senderRate its sender's rate: the owner's, within Meta's throughput level
	 * @param backlog whether recipients are left to feed, rather than a tail to sweep
	 */
	record Feedable(UUID id, UUID senderId, int rateLimit, int senderRate, boolean backlog) {

	}

}
