package com.wacampaigns.gateway.campaign;

import java.text.NumberFormat;
import java.time.Duration;
import java.util.Locale;

import com.wacampaigns.common.MessagingTier;

/**
 * How long a campaign needs for what it has left to send, at its rate and within its
 * portfolio's messaging limit: what a user wants to know before sending a million
 * messages from a number Meta allows 2,000 unique users a day.
 *
 * @param pending recipients still to send
 * @param messagesPerSecond the pace: the campaign's rate within its number's
 * @param messagingTier the portfolio's messaging limit, {@code null} before Meta said
 * @param messagingLimit unique users the portfolio may reach in a moving window,
 * {@code -1} for no limit, {@code null} before Meta said
 * @param messagingLimitUsed unique users the portfolio reached in the current window
 * @param secondsAtRate the time the pace alone needs
 * @param windowsAtLimit the further windows (days) the messaging limit needs, counting
 * every recipient as new to the portfolio
 * @param estimatedSeconds the longer of the two
 * @param warning what to know when it needs more than one window, or {@code null}
 */
record CampaignEstimate(long pending, int messagesPerSecond, String messagingTier, Integer messagingLimit,
		long messagingLimitUsed, long secondsAtRate, long windowsAtLimit, long estimatedSeconds, String warning) {

	/**
	 * @param window the messaging limit's moving window (24 hours)
	 */
	static CampaignEstimate of(long pending, int messagesPerSecond, String tier, long used, Duration window) {
		int rate = Math.max(1, messagesPerSecond);
		long secondsAtRate = (pending + rate - 1) / rate;
		MessagingTier limit = MessagingTier.parse(tier).orElse(null);
		long windows = 0;
		if (limit != null && limit.isLimited()) {
			long left = Math.max(0, limit.uniqueRecipients() - used);
			if (pending > left) {
				windows = (pending - left + limit.uniqueRecipients() - 1) / limit.uniqueRecipients();
			}
		}
		long estimated = Math.max(secondsAtRate, windows * window.toSeconds());
		NumberFormat numbers = NumberFormat.getIntegerInstance(Locale.ENGLISH);
		String warning = null;
		if (windows > 0) {
			warning = "The portfolio may reach " + numbers.format(limit.uniqueRecipients()) + " unique users in "
					+ describe(window) + " (" + limit.name() + ", " + numbers.format(used)
					+ " used now): this campaign needs about " + (windows + 1) + " windows of " + describe(window)
					+ "; it waits between them and goes on by itself";
		}
		else if (secondsAtRate > window.toSeconds()) {
			warning = "At " + numbers.format(rate) + " messages a second this campaign needs about "
					+ numbers.format(secondsAtRate / 3600) + " hours";
		}
		return new CampaignEstimate(pending, rate, (limit != null) ? limit.name() : null,
				(limit != null) ? limit.uniqueRecipients() : null, used, secondsAtRate, windows, estimated, warning);
	}

	private static String describe(Duration window) {
		return (window.toHours() > 0 && window.toSecondsPart() == 0 && window.toMinutesPart() == 0)
				? window.toHours() + " h" : window.toSeconds() + " s";
	}

}
