package com.wacampaigns.simulator;

import java.net.URI;
import java.time.Duration;

/**
 * How the simulator behaves.
 *
 * @param host the address to listen on: loopback by default, {@code 0.0.0.0} in a
 * container
 * @param port the HTTP port, 0 for any free one
 * @param appSecret the app secret that signs webhooks ({@code X-Hub-Signature-256})
 * @param webhookUrl where status webhooks go, or {@code null} to send none
 * @param sentAfter delay from accepting a send to its {@code sent} status
 * @param deliveredAfter delay from accepting to {@code delivered}
 * @param readAfter delay from accepting to {@code read}
 * @param webhookBatchSize statuses in one webhook POST at most (Meta batches up to 1,000)
 * @param webhookConcurrency webhook POSTs in flight at most
 * @param templateReviewAfter how long a created template stays PENDING before it is
 * APPROVED (REJECTED when its name contains {@code reject}), or {@code null} to leave it
 * PENDING until {@code PUT /_sim/templates/{name}/status} decides
 * @param limits Meta's messaging limits and throughput, as the simulator applies them
 */
public record SimulatorSettings(String host, int port, String appSecret, URI webhookUrl, Duration sentAfter,
		Duration deliveredAfter, Duration readAfter, int webhookBatchSize, int webhookConcurrency,
		Duration templateReviewAfter, Limits limits) {

	public static SimulatorSettings defaults(String appSecret) {
		return new SimulatorSettings("127.0.0.1", 0, appSecret, null, Duration.ofMillis(50), Duration.ofMillis(200),
				Duration.ofMillis(500), 100, 8, Duration.ofSeconds(2), Limits.DEFAULTS);
	}

	public SimulatorSettings withPort(int port) {
		return new SimulatorSettings(this.host, port, this.appSecret, this.webhookUrl, this.sentAfter,
				this.deliveredAfter, this.readAfter, this.webhookBatchSize, this.webhookConcurrency,
				this.templateReviewAfter, this.limits);
	}

	public SimulatorSettings withWebhookUrl(URI webhookUrl) {
		return new SimulatorSettings(this.host, this.port, this.appSecret, webhookUrl, this.sentAfter,
				this.deliveredAfter, this.readAfter, this.webhookBatchSize, this.webhookConcurrency,
				this.templateReviewAfter, this.limits);
	}

	public SimulatorSettings withHost(String host) {
		return new SimulatorSettings(host, this.port, this.appSecret, this.webhookUrl, this.sentAfter,
				this.deliveredAfter, this.readAfter, this.webhookBatchSize, this.webhookConcurrency,
				this.templateReviewAfter, this.limits);
	}

	public SimulatorSettings withAppSecret(String appSecret) {
		return new SimulatorSettings(this.host, this.port, appSecret, this.webhookUrl, this.sentAfter,
				this.deliveredAfter, this.readAfter, this.webhookBatchSize, this.webhookConcurrency,
				this.templateReviewAfter, this.limits);
	}

	/** {@code null} leaves new templates PENDING until the control API decides. */
	public SimulatorSettings withTemplateReviewAfter(Duration templateReviewAfter) {
		return new SimulatorSettings(this.host, this.port, this.appSecret, this.webhookUrl, this.sentAfter,
				this.deliveredAfter, this.readAfter, this.webhookBatchSize, this.webhookConcurrency,
				templateReviewAfter, this.limits);
	}

	public SimulatorSettings withLimits(Limits limits) {
		return new SimulatorSettings(this.host, this.port, this.appSecret, this.webhookUrl, this.sentAfter,
				this.deliveredAfter, this.readAfter, this.webhookBatchSize, this.webhookConcurrency,
				this.templateReviewAfter, limits);
	}

	/**
	 * Meta's messaging limits and throughput. Meta refuses sends above a number's
	 * throughput (130429) but none for passing a portfolio's messaging limit: the
	 * simulator counts those as {@code tier_violations} in its ledger instead.
	 *
	 * @param defaultTier the messaging limit of a business portfolio nobody has set one
	 * for (Meta starts new portfolios at TIER_250; unlimited here, so that tests and
	 * benchmarks that do not care are not counted against one)
	 * @param enforceThroughput whether each number may send only its throughput level's
	 * messages per second, the rest refused with 130429
	 * @param standardMps messages per second of a number at level STANDARD (Meta: 80)
	 * @param highMps messages per second of a number at level HIGH (Meta: 1,000)
	 * @param tierWindow the moving window in which a portfolio's unique recipients are
	 * counted against its tier (Meta: 24 hours)
	 */
	public record Limits(MessagingTier defaultTier, boolean enforceThroughput, int standardMps, int highMps,
			Duration tierWindow) {

		public static final Limits DEFAULTS = new Limits(MessagingTier.TIER_UNLIMITED, false, 80, 1000,
				Duration.ofHours(24));

		public Limits {
			if (defaultTier == null) {
				throw new IllegalArgumentException("defaultTier is required");
			}
			if (standardMps < 1 || highMps < 1) {
				throw new IllegalArgumentException(
						"standardMps and highMps must be positive, not " + standardMps + " and " + highMps);
			}
			if (tierWindow == null || tierWindow.isNegative() || tierWindow.isZero()) {
				throw new IllegalArgumentException("tierWindow must be positive, not " + tierWindow);
			}
		}

		/** Messages per second a number at this level may send when enforced. */
		public int messagesPerSecond(ThroughputLevel level) {
			return switch (level) {
				case STANDARD -> this.standardMps;
				case HIGH -> this.highMps;
			};
		}

		public Limits withDefaultTier(MessagingTier defaultTier) {
			return new Limits(defaultTier, this.enforceThroughput, this.standardMps, this.highMps, this.tierWindow);
		}

		public Limits withEnforceThroughput(boolean enforceThroughput) {
			return new Limits(this.defaultTier, enforceThroughput, this.standardMps, this.highMps, this.tierWindow);
		}

		public Limits withStandardMps(int standardMps) {
			return new Limits(this.defaultTier, this.enforceThroughput, standardMps, this.highMps, this.tierWindow);
		}

		public Limits withHighMps(int highMps) {
			return new Limits(this.defaultTier, this.enforceThroughput, this.standardMps, highMps, this.tierWindow);
		}

		public Limits withTierWindow(Duration tierWindow) {
			return new Limits(this.defaultTier, this.enforceThroughput, this.standardMps, this.highMps, tierWindow);
		}

	}

}
