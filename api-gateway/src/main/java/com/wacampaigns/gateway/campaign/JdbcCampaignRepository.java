package com.wacampaigns.gateway.campaign;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

import org.postgresql.PGConnection;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;

import com.wacampaigns.common.CampaignAction;
import com.wacampaigns.common.CampaignStatus;
import com.wacampaigns.common.ThroughputLevel;
import com.wacampaigns.gateway.copy.RecipientCopy;
import com.wacampaigns.gateway.phone.QuietHours;
import com.wacampaigns.gateway.recipient.Recipient;

/**
 * Campaigns and their recipients as the gateway writes and reads them.
 */
@Repository
class JdbcCampaignRepository {

	private static final String INSERT = """
			INSERT INTO campaigns (id, user_id, template_id, sender_id, name, description, status,
			                       total_recipients, pending, skipped, rate_limit, max_workers, scheduled_at,
			                       template_values, resume_when_template_reinstated, quiet_from, quiet_until)
			VALUES (:id, :userId, :templateId, :senderId, :name, :description, 'DRAFT',
			        :total, :pending, :skipped, :rateLimit, :maxWorkers, :scheduledAt,
			        CAST(:templateValues AS jsonb), :resumeWhenTemplateReinstated, :quietFrom, :quietUntil)
			""";

	private static final String SELECT = """
			SELECT id, user_id, template_id, sender_id, name, description, status, status_reason,
			       total_recipients, sent, delivered, read, failed, pending, skipped, unknown, rate_limit, max_workers,
			       scheduled_at, created_at, updated_at, started_at, completed_at, template_values::text AS template_values,
			       resume_when_template_reinstated, waiting_reason, waiting_until, quiet_from, quiet_until
			FROM campaigns
			WHERE id = :id
			""";

	private static final String SELECT_ALL = """
			SELECT id, user_id, template_id, sender_id, name, description, status, status_reason,
			       total_recipients, sent, delivered, read, failed, pending, skipped, unknown, rate_limit, max_workers,
			       scheduled_at, created_at, updated_at, started_at, completed_at, template_values::text AS template_values,
			       resume_when_template_reinstated, waiting_reason, waiting_until, quiet_from, quiet_until
			FROM campaigns
			WHERE id = ANY(:ids::uuid[])
			""";

	private static final String START = """
			UPDATE campaigns
			SET status       = CASE WHEN scheduled_at > now() THEN 'SCHEDULED'
			                        WHEN pending = 0 THEN 'COMPLETED' ELSE 'RUNNING' END,
			    started_at   = CASE WHEN scheduled_at > now() THEN NULL ELSE now() END,
			    completed_at = CASE WHEN pending = 0 AND coalesce(scheduled_at <= now(), true) THEN now() END,
			    updated_at   = now()
			WHERE id = :id AND status IN (:from)
			""";

	private static final String PAUSE = """
			UPDATE campaigns
			SET status = 'PAUSED', status_reason = :reason, updated_at = now()
			WHERE id = :id AND status IN (:from)
			""";

	/**
	 * Nothing pending completes the campaign; a time still to come schedules it again
	 * (the feeder starts it then); otherwise it runs. Records fed while the campaign was
	 * paused were passed over by the dispatcher, so the feed starts again just before the
	 * first recipient still PENDING; a recipient that was claimed meanwhile is not
	 * PENDING and is not fed again.
	 */
	private static final String RESUME = """
			UPDATE campaigns c
			SET status        = CASE WHEN c.pending = 0 THEN 'COMPLETED'
			                         WHEN c.scheduled_at > now() THEN 'SCHEDULED' ELSE 'RUNNING' END,
			    started_at    = CASE WHEN c.pending > 0 AND coalesce(c.scheduled_at <= now(), true)
			                         THEN coalesce(c.started_at, now()) ELSE c.started_at END,
			    completed_at  = CASE WHEN c.pending = 0 THEN now() END,
			    status_reason = NULL,
			    feed_cursor   = resume_cursor(c.id, c.feed_cursor),
			    fed_at        = NULL,
			    updated_at    = now()
			WHERE c.id = :id AND c.status IN (:from)
			""";

	private static final String STOP = """
			UPDATE campaigns
			SET status = 'STOPPED', status_reason = :reason, completed_at = now(), updated_at = now()
			WHERE id = :id AND status IN (:from)
			""";

	private static final String PAGE = """
			SELECT id, user_id, template_id, sender_id, name, description, status, status_reason,
			       total_recipients, sent, delivered, read, failed, pending, skipped, unknown, rate_limit, max_workers,
			       scheduled_at, created_at, updated_at, started_at, completed_at, template_values::text AS template_values,
			       resume_when_template_reinstated, waiting_reason, waiting_until, quiet_from, quiet_until
			FROM campaigns
			WHERE user_id = :userId AND (CAST(:status AS text) IS NULL OR status = :status)
			ORDER BY created_at DESC, id
			LIMIT :limit OFFSET :offset
			""";

	private static final String COUNT = """
			SELECT count(*)
			FROM campaigns
			WHERE user_id = :userId AND (CAST(:status AS text) IS NULL OR status = :status)
			""";

	private static final String RECIPIENTS = """
			SELECT id, sequence, full_phone, name, status, message_id, error_code, error_message, retry_count,
			       created_at, sent_at, delivered_at, read_at, failed_at
			FROM campaign_recipients
			WHERE campaign_id = :id AND (CAST(:status AS text) IS NULL OR status = :status)
			ORDER BY sequence
			LIMIT :limit OFFSET :offset
			""";

	private static final String ALL_RECIPIENTS = """
			SELECT id, sequence, full_phone, name, status, message_id, error_code, error_message, retry_count,
			       created_at, sent_at, delivered_at, read_at, failed_at
			FROM campaign_recipients
			WHERE campaign_id = :id
			ORDER BY sequence
			""";

	/**
	 * Recipients that failed for a reason that may pass (throttling, Meta's temporary
	 * trouble, the per-user marketing limit) and were never accepted go back to PENDING;
	 * the counters move with them in the same statement, and a finished campaign runs
	 * again from its first PENDING recipient. Each gets a fresh set of attempts: the
	 * dispatcher counts attempts from the row's {@code retry_count}.
	 */
	private static final String RETRY_FAILED = """
			WITH retried AS (
			    UPDATE campaign_recipients
			    SET status = 'PENDING', error_code = NULL, error_message = NULL, failed_at = NULL, retry_count = 0
			    WHERE campaign_id = :id AND status = 'FAILED' AND message_id IS NULL
			      AND error_code = ANY(ARRAY[130429, 131056, 4, 80007, 1, 2, 131000, 131016, 131057, 133004, 131049,
			                                 500, 502, 503, 504])
			    RETURNING sequence
			)
			UPDATE campaigns c
			SET failed = c.failed - r.n, pending = c.pending + r.n,
			    status = CASE WHEN r.n > 0 AND c.status = 'COMPLETED' THEN 'RUNNING' ELSE c.status END,
			    completed_at = CASE WHEN r.n > 0 AND c.status = 'COMPLETED' THEN NULL ELSE c.completed_at END,
			    feed_cursor = CASE WHEN r.n > 0 THEN LEAST(c.feed_cursor, r.first - 1) ELSE c.feed_cursor END,
			    fed_at = CASE WHEN r.n > 0 THEN NULL ELSE c.fed_at END,
			    updated_at = now()
			FROM (SELECT count(*) AS n, min(sequence) AS first FROM retried) r
			WHERE c.id = :id
			RETURNING r.n
			""";

	private static final String IDEMPOTENT = """
			SELECT campaign_id FROM idempotency_keys WHERE user_id = :userId AND key = :key
			""";

	private static final String REMEMBER = """
			INSERT INTO idempotency_keys (user_id, key, campaign_id) VALUES (:userId, :key, :campaignId)
			""";

	private static final String DELETE_DRAFT = """
			DELETE FROM campaigns
			WHERE id = :id AND status IN (:from)
			""";

	private static final String TEMPLATE = """
			SELECT id, user_id, name, language, parameter_count, status, parameter_format, components::text AS components
			FROM templates
			WHERE id = :id
			""";

	/**
	 * A template the user may build a campaign on: a local one of theirs or shared, or
	 * one of a WhatsApp Business Account that one of their numbers belongs to.
	 */
	private static final String TEMPLATE_USABLE_BY = """
			SELECT t.id, t.user_id, t.name, t.language, t.parameter_count, t.status, t.parameter_format,
			       t.components::text AS components
			FROM templates t
			WHERE t.id = :id
			  AND ((t.waba_id IS NULL AND (t.user_id IS NULL OR t.user_id = :userId))
			       OR EXISTS (SELECT 1 FROM senders s WHERE s.waba_id = t.waba_id AND s.user_id = :userId))
			""";

	/**
	 * What an estimate needs: the campaign's pending recipients and rate, its number's
	 * rate, throughput level and messaging limit, and the unique users its portfolio
	 * reached in the window.
	 */
	private static final String ESTIMATE = """
			SELECT c.pending, c.rate_limit, s.messages_per_second, s.throughput_level, s.messaging_tier,
			       (SELECT count(*) FROM portfolio_reach r
			        WHERE r.portfolio = sender_portfolio(s.business_id, s.waba_id, s.phone_number_id)
			          AND r.reached_at > now() - make_interval(secs => :window)) AS used
			FROM campaigns c
			LEFT JOIN senders s ON s.id = c.sender_id
			WHERE c.id = :id
			""";

	private static final String SENDER = """
			SELECT id, user_id, status
			FROM senders
			WHERE id = :id
			""";

	private static final String DEFAULT_SENDER = """
			SELECT id, user_id, status
			FROM senders
			WHERE user_id = :userId
			ORDER BY (status = 'CONNECTED') DESC, created_at
			LIMIT 1
			""";

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	JdbcCampaignRepository(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
	}

	void insert(NewCampaign campaign) {
		long skipped = campaign.recipients().stream().filter(NewRecipient::skipped).count();
		this.jdbc.sql(INSERT)
			.param("id", campaign.id())
			.param("userId", campaign.userId())
			.param("templateId", campaign.templateId())
			.param("senderId", campaign.senderId())
			.param("name", campaign.name())
			.param("description", campaign.description())
			.param("total", campaign.recipients().size())
			.param("pending", campaign.recipients().size() - skipped)
			.param("skipped", skipped)
			.param("rateLimit", campaign.rateLimit())
			.param("maxWorkers", campaign.maxWorkers())
			.param("scheduledAt", campaign.scheduledAt())
			.param("templateValues", campaign.templateValuesJson())
			.param("resumeWhenTemplateReinstated", campaign.resumeWhenTemplateReinstated())
			.param("quietFrom", (campaign.quietHours() != null) ? campaign.quietHours().from() : null, Types.TIME)
			.param("quietUntil", (campaign.quietHours() != null) ? campaign.quietHours().until() : null, Types.TIME)
			.update();
		copyRecipients(campaign.id(), campaign.recipients());
	}

	/**
	 * Recipients go in with COPY, numbered 1..n in the order given; the feeder walks that
	 * order. It joins the caller's transaction.
	 */
	private void copyRecipients(UUID campaignId, List<NewRecipient> recipients) {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try (RecipientCopy rows = RecipientCopy.open(connection.unwrap(PGConnection.class).getCopyAPI(), campaignId)) {
			long sequence = 0;
			for (NewRecipient recipient : recipients) {
				rows.add(++sequence, RecipientCopy.details(recipient.recipient()), recipient.skipped());
			}
			rows.finish();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not write the recipients of campaign " + campaignId, ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	Optional<CampaignView> find(UUID id) {
		return this.jdbc.sql(SELECT).param("id", id).query(JdbcCampaignRepository::view).optional();
	}

	/** The campaigns of these ids that exist, in no particular order, in one query. */
	List<CampaignView> findAll(Collection<UUID> ids) {
		return this.jdbc.sql(SELECT_ALL)
			.param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
			.query(JdbcCampaignRepository::view)
			.list();
	}

	boolean start(UUID id) {
		return this.jdbc.sql(START).param("id", id).param("from", from(CampaignAction.SEND)).update() == 1;
	}

	List<CampaignView> page(UUID userId, String status, int page, int size) {
		return this.jdbc.sql(PAGE)
			.param("userId", userId)
			.param("status", status)
			.param("limit", size)
			.param("offset", (long) page * size)
			.query(JdbcCampaignRepository::view)
			.list();
	}

	long count(UUID userId, String status) {
		return this.jdbc.sql(COUNT).param("userId", userId).param("status", status).query(Long.class).single();
	}

	List<RecipientView> recipients(UUID campaignId, String status, int page, int size) {
		return this.jdbc.sql(RECIPIENTS)
			.param("id", campaignId)
			.param("status", status)
			.param("limit", size)
			.param("offset", (long) page * size)
			.query(JdbcCampaignRepository::recipient)
			.list();
	}

	/**
	 * Every recipient of a campaign, in order, read with a cursor so memory stays flat.
	 */
	void eachRecipient(UUID campaignId, Consumer<RecipientView> action) {
		this.jdbc.sql(ALL_RECIPIENTS)
			.withFetchSize(1000)
			.param("id", campaignId)
			.query((RowCallbackHandler) (rs) -> action.accept(recipient(rs, 0)));
	}

	long retryFailed(UUID campaignId) {
		return this.jdbc.sql(RETRY_FAILED).param("id", campaignId).query(Long.class).optional().orElse(0L);
	}

	Optional<UUID> byIdempotencyKey(UUID userId, String key) {
		return this.jdbc.sql(IDEMPOTENT).param("userId", userId).param("key", key).query(UUID.class).optional();
	}

	void rememberIdempotencyKey(UUID userId, String key, UUID campaignId) {
		this.jdbc.sql(REMEMBER).param("userId", userId).param("key", key).param("campaignId", campaignId).update();
	}

	boolean deleteDraft(UUID id) {
		return this.jdbc.sql(DELETE_DRAFT).param("id", id).param("from", from(CampaignAction.DELETE)).update() == 1;
	}

	boolean pause(UUID id, String reason) {
		return this.jdbc.sql(PAUSE)
			.param("id", id)
			.param("reason", reason)
			.param("from", from(CampaignAction.PAUSE))
			.update() == 1;
	}

	boolean resume(UUID id) {
		return this.jdbc.sql(RESUME).param("id", id).param("from", from(CampaignAction.RESUME)).update() == 1;
	}

	/**
	 * @param action STOP or CANCEL, which differ only in who may and how the history
	 * names it
	 */
	boolean stop(UUID id, CampaignAction action, String reason) {
		return this.jdbc.sql(STOP).param("id", id).param("reason", reason).param("from", from(action)).update() == 1;
	}

	/**
	 * The statuses {@code action} is allowed from, as the condition of its statement: a
	 * campaign changed since it was read is left alone.
	 */
	private static List<String> from(CampaignAction action) {
		return action.allowedFrom().stream().map(Enum::name).toList();
	}

	Optional<Template> template(long id) {
		return this.jdbc.sql(TEMPLATE).param("id", id).query(JdbcCampaignRepository::template).optional();
	}

	Optional<Template> templateUsableBy(long id, UUID userId) {
		return this.jdbc.sql(TEMPLATE_USABLE_BY)
			.param("id", id)
			.param("userId", userId)
			.query(JdbcCampaignRepository::template)
			.optional();
	}

	private static Template template(ResultSet rs, int row) throws SQLException {
		return new Template(rs.getLong("id"), rs.getObject("user_id", UUID.class), rs.getString("name"),
				rs.getString("language"), rs.getInt("parameter_count"), rs.getString("status"),
				rs.getString("parameter_format"), rs.getString("components"));
	}

	Optional<CampaignEstimate> estimate(UUID id, Duration window) {
		return this.jdbc.sql(ESTIMATE).param("id", id).param("window", window.toMillis() / 1000.0).query((rs, row) -> {
			int ceiling = ThroughputLevel.ceiling(rs.getInt("messages_per_second"), rs.getString("throughput_level"));
			// No sender yet: the campaign's own rate.
			int rate = (ceiling > 0) ? Math.min(rs.getInt("rate_limit"), ceiling) : rs.getInt("rate_limit");
			return CampaignEstimate.of(rs.getLong("pending"), rate, rs.getString("messaging_tier"), rs.getLong("used"),
					window);
		}).optional();
	}

	Optional<SenderRef> sender(UUID id) {
		return this.jdbc.sql(SENDER).param("id", id).query(JdbcCampaignRepository::sender).optional();
	}

	Optional<SenderRef> defaultSender(UUID userId) {
		return this.jdbc.sql(DEFAULT_SENDER).param("userId", userId).query(JdbcCampaignRepository::sender).optional();
	}

	private static SenderRef sender(ResultSet rs, int row) throws SQLException {
		return new SenderRef(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
				rs.getString("status"));
	}

	static CampaignView view(ResultSet rs, int row) throws SQLException {
		CampaignStatus status = CampaignStatus.valueOf(rs.getString("status"));
		int total = rs.getInt("total_recipients");
		int pending = rs.getInt("pending");
		double progress = (total == 0) ? 100.0 : Math.round((total - pending) * 10000.0 / total) / 100.0;
		return new CampaignView(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
				rs.getLong("template_id"), rs.getObject("sender_id", UUID.class), rs.getString("name"),
				rs.getString("description"), status, rs.getString("status_reason"), total, rs.getInt("sent"),
				rs.getInt("delivered"), rs.getInt("read"), rs.getInt("failed"), pending, rs.getInt("skipped"),
				rs.getInt("unknown"), progress, rs.getInt("rate_limit"), rs.getInt("max_workers"),
				time(rs, "scheduled_at"), time(rs, "created_at"), time(rs, "updated_at"), time(rs, "started_at"),
				time(rs, "completed_at"), rs.getString("template_values"),
				rs.getBoolean("resume_when_template_reinstated"), rs.getString("waiting_reason"),
				time(rs, "waiting_until"), quietHours(rs), CampaignAction.allowedIn(status));
	}

	private static RecipientView recipient(ResultSet rs, int row) throws SQLException {
		return new RecipientView(rs.getObject("id", UUID.class), rs.getLong("sequence"), rs.getString("full_phone"),
				rs.getString("name"), rs.getString("status"), rs.getString("message_id"),
				rs.getObject("error_code", Integer.class), rs.getString("error_message"), rs.getInt("retry_count"),
				time(rs, "created_at"), time(rs, "sent_at"), time(rs, "delivered_at"), time(rs, "read_at"),
				time(rs, "failed_at"));
	}

	private static QuietHours quietHours(ResultSet rs) throws SQLException {
		LocalTime from = rs.getObject("quiet_from", LocalTime.class);
		LocalTime until = rs.getObject("quiet_until", LocalTime.class);
		return (from != null && until != null) ? new QuietHours(from, until) : null;
	}

	private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class);
	}

	record NewCampaign(UUID id, UUID userId, long templateId, UUID senderId, String name, String description,
			int rateLimit, int maxWorkers, OffsetDateTime scheduledAt, String templateValuesJson,
			boolean resumeWhenTemplateReinstated, QuietHours quietHours, List<NewRecipient> recipients) {

	}

	/**
	 * @param skipped suppressed by the user: written SKIPPED, never fed
	 */
	record NewRecipient(Recipient recipient, boolean skipped) {

	}

	/**
	 * A recipient as users see it: who, where it stands, and why it failed.
	 */
	record RecipientView(UUID id, long sequence, String phone, String name, String status, String messageId,
			Integer errorCode, String errorMessage, int retryCount, OffsetDateTime createdAt, OffsetDateTime sentAt,
			OffsetDateTime deliveredAt, OffsetDateTime readAt, OffsetDateTime failedAt) {

	}

	/**
	 * @param components Meta's components as JSON, {@code null} for a local template from
	 * before them
	 */
	record Template(long id, UUID userId, String name, String language, int parameterCount, String status,
			String parameterFormat, String components) {

	}

	record SenderRef(UUID id, UUID userId, String status) {

	}

}
