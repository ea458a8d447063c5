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
 */
public record SimulatorSettings(String host, int port, String appSecret, URI webhookUrl, Duration sentAfter,
		Duration deliveredAfter, Duration readAfter, int webhookBatchSize, int webhookConcurrency,
		Duration templateReviewAfter) {

	public static SimulatorSettings defaults(String appSecret) {
		return new SimulatorSettings("127.0.0.1", 0, appSecret, null, Duration.ofMillis(50), Duration.ofMillis(200),
				Duration.ofMillis(500), 100, 8, Duration.ofSeconds(2));
	}

	public SimulatorSettings withPort(int port) {
		return new SimulatorSettings(this.host, port, this.appSecret, this.webhookUrl, this.sentAfter,
				this.deliveredAfter, this.readAfter, this.webhookBatchSize, this.webhookConcurrency,
				this.templateReviewAfter);
	}

	public SimulatorSettings withWebhookUrl(URI webhookUrl) {
		return new SimulatorSettings(this.host, this.port, this.appSecret, webhookUrl, this.sentAfter,
				this.deliveredAfter, this.readAfter, this.webhookBatchSize, this.webhookConcurrency,
				this.templateReviewAfter);
	}

	public SimulatorSettings withHost(String host) {
		return new SimulatorSettings(host, this.port, this.appSecret, this.webhookUrl, this.sentAfter,
				this.deliveredAfter, this.readAfter, this.webhookBatchSize, this.webhookConcurrency,
				this.templateReviewAfter);
	}

	public SimulatorSettings withAppSecret(String appSecret) {
		return new SimulatorSettings(this.host, this.port, appSecret, this.webhookUrl, this.sentAfter,
				this.deliveredAfter, this.readAfter, this.webhookBatchSize, this.webhookConcurrency,
				this.templateReviewAfter);
	}

	/** {@code null} leaves new templates PENDING until the control API decides. */
	public SimulatorSettings withTemplateReviewAfter(Duration templateReviewAfter) {
		return new SimulatorSettings(this.host, this.port, this.appSecret, this.webhookUrl, this.sentAfter,
				this.deliveredAfter, this.readAfter, this.webhookBatchSize, this.webhookConcurrency,
				templateReviewAfter);
	}

}
