package com.wacampaigns.common;

/**
 * Kafka topic names. The apps create them at start with the partition counts from their
 * configuration.
 */
public final class Topics {

	/**
	 * One record per recipient to send, keyed by the sender's phone-number id so that one
	 * sender's throughput cap is enforced by one consumer.
	 */
	public static final String CAMPAIGN_DISPATCH = "campaign.dispatch";

	/**
	 * Sends that Meta refused for now (throttling, temporary trouble), to try again once
	 * their time has come; keyed like {@link #CAMPAIGN_DISPATCH}.
	 */
	public static final String DISPATCH_RETRY = "campaign.dispatch.retry";

	/**
	 * The dispatchers' consumer group, reading {@link #CAMPAIGN_DISPATCH} and
	 * {@link #DISPATCH_RETRY} together; the feeder reads its offsets to know what is
	 * still waiting in Kafka.
	 */
	public static final String DISPATCHER_GROUP = "dispatcher";

	/** Dispatch records that could not be processed at all, for a person to look at. */
	public static final String DISPATCH_DEAD_LETTER = "campaign.dispatch-dlt";

	/** Retry records that could not be processed at all. */
	public static final String DISPATCH_RETRY_DEAD_LETTER = "campaign.dispatch.retry-dlt";

	/**
	 * Normalised status events from the dispatcher and the webhook receiver, keyed by
	 * campaign id so that one campaign's counters have one writer.
	 */
	public static final String WHATSAPP_STATUS = "whatsapp.status";

	/** Status events whose message stayed unknown after every retry, as JSON. */
	public static final String STATUS_DEAD_LETTER = "whatsapp.status.dlt";

	/** Signed webhook bodies that could not be parsed, kept raw for inspection. */
	public static final String WEBHOOK_DEAD_LETTER = "whatsapp.webhook.dlt";

	/**
	 * Meta's changes to message templates (status, quality, category) from the webhook
	 * receiver, keyed by WhatsApp Business Account id so that one account's changes are
	 * applied in the order they came.
	 */
	public static final String TEMPLATE_EVENTS = "whatsapp.templates";

	/**
	 * Meta's changes to a business account's limits (a number's quality, throughput, the
	 * portfolio's messaging limit) from the webhook receiver, keyed by WhatsApp Business
	 * Account id.
	 */
	public static final String ACCOUNT_EVENTS = "whatsapp.account";

	/**
	 * What users' webhook endpoints are told (a message's new state, a campaign's, an
	 * opt-out, a reply), keyed by the user it belongs to. The ingestor publishes message
	 * states as it applies them; the gateway the rest, through its outbox. The gateway's
	 * own consumer group turns them into deliveries, so a slow endpoint never slows
	 * ingestion.
	 */
	public static final String OUTBOUND_EVENTS = "outbound.events";

	/** Outbound events that could not be read at all. */
	public static final String OUTBOUND_EVENTS_DEAD_LETTER = OUTBOUND_EVENTS + ".dlt";

	/** Template events that could not be applied at all, as JSON. */
	public static final String TEMPLATE_EVENTS_DEAD_LETTER = TEMPLATE_EVENTS + ".dlt";

	private Topics() {
	}

	/** Where records of {@code topic} that can never be processed go. */
	public static String deadLetterOf(String topic) {
		return switch (topic) {
			case CAMPAIGN_DISPATCH -> DISPATCH_DEAD_LETTER;
			case DISPATCH_RETRY -> DISPATCH_RETRY_DEAD_LETTER;
			case WHATSAPP_STATUS -> STATUS_DEAD_LETTER;
			default -> topic + ".dlt";
		};
	}

}
