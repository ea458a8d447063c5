package com.wacampaigns.gateway.feed;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.wacampaigns.common.ThroughputLevel;
import com.wacampaigns.gateway.phone.QuietHours;

/**
 * What the feeder reads and its one write per round: the cursor.
 */
@Repository
class JdbcFeedRepository {

	/**
	 * Running campaigns with recipients left to feed, and fully fed ones with recipients
	 * still PENDING a while after the last feed: their records were lost (a dispatcher
	 * stopped mid-batch, say), and the sweep feeds them again.
	 */
	private static final String FEEDABLE = """
			SELECT c.id, c.sender_id, c.rate_limit, s.messages_per_second, s.throughput_level,
			       c.feed_cursor < c.total_recipients AS backlog
			FROM campaigns c
			JOIN senders s ON s.id = c.sender_id
			WHERE c.status = 'RUNNING'
			  AND (c.feed_cursor < c.total_recipients
			       OR (c.pending > 0
			           AND (c.fed_at IS NULL OR c.fed_at < now() - make_interval(secs => :sweepAfterSeconds))))
			ORDER BY c.started_at
			""";

	/**
	 * Scheduled campaigns whose time came run, or complete when nothing is pending (every
	 * recipient suppressed, say): no recipient will ever complete them otherwise.
	 */
	private static final String START_SCHEDULED = """
			UPDATE campaigns
			SET status       = CASE WHEN pending = 0 THEN 'COMPLETED' ELSE 'RUNNING' END,
			    started_at   = now(),
			    completed_at = CASE WHEN pending = 0 THEN now() END,
			    updated_at   = now()
			WHERE status = 'SCHEDULED' AND scheduled_at <= now()
			RETURNING id
			""";

	/**
	 * The first PENDING recipient that is due: not waiting for Meta's marketing limit.
	 */
	private static final String FIRST_PENDING = """
			SELECT sequence
			FROM campaign_recipients
			WHERE campaign_id = :id AND status = 'PENDING' AND (not_before IS NULL OR not_before <= now())
			ORDER BY sequence
			LIMIT 1
			""";

	/**
	 * PENDING recipients that wait, and till when: for Meta's per-user marketing limit
	 * (deferred by it at least once), or for the end of the campaign's quiet hours.
	 */
	private static final String DEFERRED = """
			SELECT count(*) FILTER (WHERE deferrals > 0) AS limited,
			       min(not_before) FILTER (WHERE deferrals > 0) AS limited_until,
			       count(*) FILTER (WHERE deferrals = 0) AS quiet,
			       min(not_before) FILTER (WHERE deferrals = 0) AS quiet_until
			FROM campaign_recipients
			WHERE campaign_id = :id AND status = 'PENDING' AND not_before > now()
			""";

	/** Recipients in their quiet hours wait PENDING until they are over. */
	private static final String HOLD = """
			UPDATE campaign_recipients r
			SET not_before = t.until
			FROM unnest(:ids::uuid[], :untils::timestamptz[]) AS t (id, until)
			WHERE r.id = t.id AND r.status = 'PENDING'
			""";

	private static final String WAIT = """
			UPDATE campaigns SET waiting_reason = :reason, waiting_until = :until
			WHERE id = :id AND status = 'RUNNING' AND waiting_reason IS DISTINCT FROM :reason
			""";

	private static final String GO_ON = """
			UPDATE campaigns SET waiting_reason = NULL, waiting_until = NULL
			WHERE id = :id AND waiting_reason IS NOT NULL
			""";

	/**
	 * Takes a running campaign for one round, unless another gateway instance has it: the
	 * lease is the campaign's only lock while its window goes to Kafka, so that a pause
	 * or a stop never waits behind the broker. A lease outlives a gateway that died
	 * holding it by {@code :leaseSeconds} at most.
	 */
	private static final String LEASE = """
			UPDATE campaigns c
			SET feed_lease_until = now() + make_interval(secs => :leaseSeconds)
			FROM senders s, templates t
			WHERE c.id = :id AND c.status = 'RUNNING'
			  AND (c.feed_lease_until IS NULL OR c.feed_lease_until < now())
			  AND s.id = c.sender_id AND t.id = c.template_id
			RETURNING c.id, c.feed_cursor, c.total_recipients, c.fed_at, c.rate_limit, c.max_workers,
			          s.phone_number_id, s.messages_per_second, t.name AS template_name, t.language,
			          t.parameter_count, t.parameter_format, t.components::text AS components,
			          c.template_values::text AS template_values, c.waiting_reason IS NOT NULL AS waiting,
			          sender_portfolio(s.business_id, s.waba_id, s.phone_number_id) AS portfolio,
			          s.messaging_tier, c.fed_partition, c.fed_offset, c.quiet_from, c.quiet_until
			""";

	/**
	 * Read by {@code (campaign_id, sequence)} alone; PENDING is checked in Java, since a
	 * status condition here tempts the planner into walking all of the campaign's PENDING
	 * rows.
	 */
	private static final String WINDOW = """
			SELECT id, sequence, full_phone, parameters::text AS parameters, status,
			       coalesce(not_before > now(), false) AS not_due
			FROM campaign_recipients
			WHERE campaign_id = :id AND sequence > :after AND sequence <= :upTo
			ORDER BY sequence
			""";

	/**
	 * Ends the round: the cursor moves only if nobody moved it meanwhile (a resume or a
	 * retry of failures rewinds it, and that rewind wins).
	 */
	private static final String ADVANCE = """
			UPDATE campaigns
			SET feed_cursor = CASE WHEN feed_cursor = :from THEN :cursor ELSE feed_cursor END,
			    fed_at = CASE WHEN feed_cursor = :from THEN :fedAt ELSE fed_at END,
			    fed_partition = CASE WHEN :fedOffset >= 0 THEN :fedPartition ELSE fed_partition END,
			    fed_offset = CASE WHEN :fedOffset >= 0 THEN :fedOffset ELSE fed_offset END,
			    feed_lease_until = NULL
			WHERE id = :id
			""";

	private static final String LET_GO = """
			UPDATE campaigns
			SET feed_lease_until = NULL
			WHERE id = :id
			""";

	private final JdbcClient jdbc;

	JdbcFeedRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<FairShares.Feedable> feedable(Duration sweepAfter) {
		return this.jdbc.sql(FEEDABLE)
			.param("sweepAfterSeconds", sweepAfter.toMillis() / 1000.0)
			.query((rs, row) -> new FairShares.Feedable(rs.getObject("id", UUID.class),
					rs.getObject("sender_id", UUID.class), rs.getInt("rate_limit"),
					ThroughputLevel.ceiling(rs.getInt("messages_per_second"), rs.getString("throughput_level")),
					rs.getBoolean("backlog")))
			.list();
	}

	/**
	 * @return the campaigns whose time came: started, or completed when nothing was
	 * pending
	 */
	List<UUID> startScheduled() {
		return this.jdbc.sql(START_SCHEDULED).query(UUID.class).list();
	}

	OptionalLong firstPending(UUID campaignId) {
		return this.jdbc.sql(FIRST_PENDING)
			.param("id", campaignId)
			.query(Long.class)
			.optional()
			.map(java.util.OptionalLong::of)
			.orElse(OptionalLong.empty());
	}

	Optional<FeedState> lease(UUID campaignId, Duration lease) {
		return this.jdbc.sql(LEASE)
			.param("id", campaignId)
			.param("leaseSeconds", lease.toMillis() / 1000.0)
			.query((rs, row) -> {
				Timestamp fedAt = rs.getTimestamp("fed_at");
				return new FeedState(rs.getObject("id", UUID.class), rs.getLong("feed_cursor"),
						rs.getLong("total_recipients"), (fedAt != null) ? fedAt.toInstant() : null,
						rs.getInt("rate_limit"), rs.getInt("max_workers"), rs.getString("phone_number_id"),
						rs.getInt("messages_per_second"), rs.getString("template_name"), rs.getString("language"),
						new TemplateColumns(rs.getString("parameter_format"), rs.getString("components"),
								rs.getInt("parameter_count")),
						rs.getString("template_values"),
						new Portfolio(rs.getString("portfolio"), rs.getString("messaging_tier"),
								rs.getBoolean("waiting")),
						(rs.getObject("fed_offset") != null)
								? new FedUpTo(rs.getInt("fed_partition"), rs.getLong("fed_offset")) : null,
						(rs.getObject("quiet_from") != null)
								? new QuietHours(rs.getObject("quiet_from", LocalTime.class),
										rs.getObject("quiet_until", LocalTime.class))
								: null);
			})
			.optional();
	}

	List<PendingRecipient> window(UUID campaignId, long after, long upTo) {
		return this.jdbc.sql(WINDOW)
			.param("id", campaignId)
			.param("after", after)
			.param("upTo", upTo)
			.query((rs, row) -> "PENDING".equals(rs.getString("status")) && !rs.getBoolean("not_due")
					? new PendingRecipient(rs.getObject("id", UUID.class), rs.getLong("sequence"),
							rs.getString("full_phone"), rs.getString("parameters"))
					: null)
			.list()
			.stream()
			.filter(java.util.Objects::nonNull)
			.toList();
	}

	/**
	 * @param from the cursor this round started from
	 * @param fed where the round's last record went, or {@code null} when it wrote none
	 */
	void advance(UUID campaignId, long from, long cursor, Instant fedAt, FedUpTo fed) {
		this.jdbc.sql(ADVANCE)
			.param("id", campaignId)
			.param("from", from)
			.param("cursor", cursor)
			.param("fedAt", Timestamp.from(fedAt))
			.param("fedPartition", (fed != null) ? fed.partition() : -1)
			.param("fedOffset", (fed != null) ? fed.offset() : -1L)
			.update();
	}

	/**
	 * @return how many PENDING recipients wait for Meta's per-user marketing limit, and
	 * the first time one is due
	 */
	Optional<Deferred> deferred(UUID campaignId) {
		return this.jdbc.sql(DEFERRED)
			.param("id", campaignId)
			.query((rs, row) -> new Deferred(rs.getLong("limited"), instant(rs, "limited_until"), rs.getLong("quiet"),
					instant(rs, "quiet_until")))
			.optional()
			.filter((deferred) -> deferred.limited() + deferred.quiet() > 0);
	}

	/** Each recipient waits until its own time. */
	void holdUntil(List<UUID> recipientIds, List<Instant> untils) {
		if (recipientIds.isEmpty()) {
			return;
		}
		this.jdbc.sql(HOLD)
			.param("ids", recipientIds.stream().map(UUID::toString).toArray(String[]::new))
			.param("untils", untils.stream().map(Instant::toString).toArray(String[]::new))
			.update();
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp time = rs.getTimestamp(column);
		return (time != null) ? time.toInstant() : null;
	}

	/** The campaign sends nothing for now: it says why, and until when. */
	void waitFor(UUID campaignId, String reason, Instant until) {
		this.jdbc.sql(WAIT)
			.param("id", campaignId)
			.param("reason", reason)
			.param("until", Timestamp.from(until))
			.update();
	}

	/** The campaign is fed again: no more waiting note. */
	void goOn(UUID campaignId) {
		this.jdbc.sql(GO_ON).param("id", campaignId).update();
	}

	/** Ends a round that moved nothing. */
	void letGo(UUID campaignId) {
		this.jdbc.sql(LET_GO).param("id", campaignId).update();
	}

	/**
	 * A running campaign as the feeder sees it, leased for this round.
	 *
	 * @param cursor every recipient with a sequence up to this one was fed
	 * @param fedAt up to when the rate has been paid for
	 * @param templateValuesJson the campaign's {@code template_values}
	 * @param fedUpTo where its last record went, {@code null} before any
	 * @param quietHours hours of the recipient's day without sends, or {@code null}
	 */
	record FeedState(UUID id, long cursor, long total, Instant fedAt, int rateLimit, int maxWorkers,
			String phoneNumberId, int senderMessagesPerSecond, String templateName, String language,
			TemplateColumns template, String templateValuesJson, Portfolio portfolio, FedUpTo fedUpTo,
			QuietHours quietHours) {

	}

	/**
	 * The partition of {@code campaign.dispatch} and the offset of a campaign's last
	 * record.
	 */
	record FedUpTo(int partition, long offset) {

	}

	/**
	 * The sender's business portfolio, whose messaging limit the campaign shares.
	 *
	 * @param key {@code business:<id>}, or the account's or number's while the portfolio
	 * is not known
	 * @param messagingTier its limit, {@code null} before Meta said
	 * @param waiting whether the campaign is waiting for the limit now
	 */
	record Portfolio(String key, String messagingTier, boolean waiting) {

	}

	/** What the template's shape is read from. */
	record TemplateColumns(String parameterFormat, String componentsJson, int parameterCount) {

	}

	/**
	 * @param limited PENDING recipients waiting for Meta's per-user marketing limit
	 * @param limitedUntil when the first of them is due
	 * @param quiet PENDING recipients waiting for the end of their quiet hours
	 * @param quietUntil when the first of them is due
	 */
	record Deferred(long limited, Instant limitedUntil, long quiet, Instant quietUntil) {

	}

	record PendingRecipient(UUID id, long sequence, String phone, String parametersJson) {

	}

}
