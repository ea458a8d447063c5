package com.wacampaigns.gateway.feed;

import java.sql.Timestamp;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.wacampaigns.common.MessagingTier;
import com.wacampaigns.gateway.GatewayProperties;
import com.wacampaigns.gateway.feed.JdbcFeedRepository.PendingRecipient;

/**
 * Meta's messaging limit, kept by the feeder: a business portfolio reaches at most its
 * tier's unique users in any moving 24 hours, shared by all of its numbers and campaigns.
 * Before a window of recipients is fed, the ones its portfolio reached within the window
 * pass free, and new ones pass while the budget lasts; the first new one that does not
 * fit stops the window there, in order, and the campaign waits (RUNNING, with the reason
 * and the time the next recipients become free) until the window moves. One portfolio's
 * check is one transaction under an advisory lock, so gateways and campaigns feeding at
 * once never share out the same budget twice.
 */
@Component
class MessagingBudget {

	private static final String LOCK = """
			SELECT pg_advisory_xact_lock(hashtext(:portfolio))
			""";

	private static final String USED = """
			SELECT count(*) FROM portfolio_reach
			WHERE portfolio = :portfolio AND reached_at > now() - make_interval(secs => :window)
			""";

	private static final String REACHED_AMONG = """
			SELECT phone FROM portfolio_reach
			WHERE portfolio = :portfolio AND phone = ANY(CAST(:phones AS text[]))
			  AND reached_at > now() - make_interval(secs => :window)
			""";

	/** The last time counts: a user reached again stays counted a window longer. */
	private static final String REACH = """
			INSERT INTO portfolio_reach (portfolio, phone, reached_at)
			SELECT :portfolio, phone, now() FROM unnest(CAST(:phones AS text[])) AS phone
			ON CONFLICT (portfolio, phone) DO UPDATE SET reached_at = excluded.reached_at
			""";

	private static final String NEXT_FREE = """
			SELECT min(reached_at) + make_interval(secs => :window) FROM portfolio_reach
			WHERE portfolio = :portfolio AND reached_at > now() - make_interval(secs => :window)
			""";

	private static final String FORGET = """
			DELETE FROM portfolio_reach WHERE reached_at < now() - make_interval(secs => :window)
			""";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final JdbcClient jdbc;

	private final JdbcFeedRepository campaigns;

	private final TransactionTemplate transaction;

	private final double windowSeconds;

	private final Duration window;

	MessagingBudget(JdbcClient jdbc, JdbcFeedRepository campaigns, TransactionTemplate transaction,
			GatewayProperties properties) {
		this.jdbc = jdbc;
		this.campaigns = campaigns;
		this.transaction = transaction;
		this.window = properties.senders().messagingWindow();
		this.windowSeconds = this.window.plus(properties.senders().messagingWindowMargin()).toMillis() / 1000.0;
	}

	/**
	 * How many of the window's recipients may be fed now, from its start, counting them
	 * as reached; the campaign's waiting note is set or cleared to match.
	 * @param portfolio the sender's portfolio key
	 * @param tier the portfolio's messaging limit, {@code null} when Meta has not said
	 * @param recipients the window's recipients still pending, in order
	 */
	int allow(UUID campaignId, String portfolio, String tier, boolean waiting, List<PendingRecipient> recipients) {
		MessagingTier limit = MessagingTier.keepTo(tier).orElse(MessagingTier.TIER_UNLIMITED);
		if (!limit.isLimited() || recipients.isEmpty()) {
			if (waiting) {
				goOn(campaignId);
			}
			return recipients.size();
		}
		Integer allowed = this.transaction.execute((status) -> reserve(campaignId, portfolio, limit, recipients));
		return (allowed != null) ? allowed : 0;
	}

	private int reserve(UUID campaignId, String portfolio, MessagingTier limit, List<PendingRecipient> recipients) {
		this.jdbc.sql(LOCK).param("portfolio", portfolio).query((rs, row) -> 1).list();
		long used = this.jdbc.sql(USED)
			.param("portfolio", portfolio)
			.param("window", this.windowSeconds)
			.query(Long.class)
			.single();
		String[] phones = recipients.stream().map(PendingRecipient::phone).toArray(String[]::new);
		Set<String> reached = new HashSet<>(this.jdbc.sql(REACHED_AMONG)
			.param("portfolio", portfolio)
			.param("phones", phones)
			.param("window", this.windowSeconds)
			.query(String.class)
			.list());
		long left = limit.uniqueRecipients() - used;
		int allowed = 0;
		for (PendingRecipient recipient : recipients) {
			if (!reached.contains(recipient.phone())) {
				if (left <= 0) {
					break;
				}
				left--;
			}
			allowed++;
		}
		if (allowed > 0) {
			this.jdbc.sql(REACH).param("portfolio", portfolio).param("phones", Arrays.copyOf(phones, allowed)).update();
		}
		if (allowed < recipients.size()) {
			Timestamp nextFree = this.jdbc.sql(NEXT_FREE)
				.param("portfolio", portfolio)
				.param("window", this.windowSeconds)
				.query(Timestamp.class)
				.optional()
				.orElse(null);
			wait(campaignId, limit, used + (allowed - reachedAmong(recipients, allowed, reached)), nextFree);
		}
		else {
			goOn(campaignId);
		}
		return allowed;
	}

	private static int reachedAmong(List<PendingRecipient> recipients, int count, Set<String> reached) {
		int free = 0;
		for (int i = 0; i < count; i++) {
			if (reached.contains(recipients.get(i).phone())) {
				free++;
			}
		}
		return free;
	}

	private void wait(UUID campaignId, MessagingTier limit, long used, Timestamp nextFree) {
		Instant until = (nextFree != null) ? nextFree.toInstant() : Instant.now().plus(this.window);
		NumberFormat numbers = NumberFormat.getIntegerInstance(Locale.ENGLISH);
		String reason = "messaging limit: " + numbers.format(used) + " of " + numbers.format(limit.uniqueRecipients())
				+ " unique recipients of the portfolio used in the last " + describe(this.window)
				+ "; the next become free from " + TIME.format(until);
		this.campaigns.waitFor(campaignId, reason, until);
	}

	private void goOn(UUID campaignId) {
		this.campaigns.goOn(campaignId);
	}

	/** Forgets reaches older than the window: they no longer count. */
	int forgetExpired() {
		return this.jdbc.sql(FORGET).param("window", this.windowSeconds).update();
	}

	private static String describe(Duration window) {
		return (window.toHours() > 0 && window.toMinutesPart() == 0 && window.toSecondsPart() == 0)
				? window.toHours() + " h" : window.toSeconds() + " s";
	}

}
