package com.wacampaigns.gateway.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The admin's queries over every user's campaigns. They read the campaigns' own counters
 * and the daily message volume the ingestor keeps, never a count over recipient rows per
 * campaign, so they stay fast with ten thousand campaigns of a million recipients each.
 */
@Repository
class JdbcAdminCampaigns {

	private static final String COLUMNS = """
			SELECT c.id, c.user_id, c.template_id, c.sender_id, c.name, c.description, c.status, c.status_reason,
			       c.total_recipients, c.sent, c.delivered, c.read, c.failed, c.pending, c.skipped, c.unknown, c.rate_limit,
			       c.max_workers, c.scheduled_at, c.created_at, c.updated_at, c.started_at, c.completed_at,
			       c.template_values::text AS template_values, c.resume_when_template_reinstated, c.waiting_reason,
			       c.waiting_until, c.quiet_from, c.quiet_until,
			       u.username, t.name AS template_name, t.category AS type
			FROM campaigns c
			JOIN users u ON u.id = c.user_id
			JOIN templates t ON t.id = c.template_id
			""";

	private static final String FILTER = """
			WHERE (CAST(:status AS text) IS NULL OR c.status = :status)
			  AND (CAST(:type AS text) IS NULL OR t.category = :type)
			  AND (CAST(:userId AS uuid) IS NULL OR c.user_id = :userId)
			  AND (CAST(:q AS text) IS NULL OR c.name ILIKE '%' || :q || '%' OR u.username ILIKE '%' || :q || '%')
			""";

	private static final String PAGE = COLUMNS + FILTER + """
			ORDER BY c.created_at DESC, c.id
			LIMIT :limit OFFSET :offset
			""";

	private static final String COUNT = """
			SELECT count(*)
			FROM campaigns c
			JOIN users u ON u.id = c.user_id
			JOIN templates t ON t.id = c.template_id
			""" + FILTER;

	private static final String ONE = COLUMNS + "WHERE c.id = :id";

	private static final String BY_STATUS = """
			SELECT status, count(*) AS campaigns FROM campaigns GROUP BY status
			""";

	private static final String MESSAGES = """
			SELECT coalesce(sum(sent), 0) AS sent, coalesce(sum(delivered), 0) AS delivered,
			       coalesce(sum(read), 0) AS read, coalesce(sum(failed), 0) AS failed,
			       coalesce(sum(pending), 0) AS pending, coalesce(sum(skipped), 0) AS skipped
			FROM campaigns
			""";

	private static final String VOLUME = """
			SELECT status,
			       coalesce(sum(count) FILTER (WHERE day = current_date), 0) AS today,
			       coalesce(sum(count), 0) AS this_week
			FROM message_volume
			WHERE day >= CAST(date_trunc('week', current_date) AS date)
			GROUP BY status
			""";

	private static final String TOP_ERRORS = """
			SELECT error_code, max(error_message) AS message, count(*) AS failures
			FROM campaign_recipients
			WHERE status = 'FAILED' AND failed_at >= now() - interval '7 days'
			GROUP BY error_code
			ORDER BY failures DESC
			LIMIT 10
			""";

	private final JdbcClient jdbc;

	JdbcAdminCampaigns(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<AdminCampaignView> page(Filter filter, int page, int size) {
		return filtered(PAGE, filter).param("limit", size)
			.param("offset", (long) page * size)
			.query(JdbcAdminCampaigns::view)
			.list();
	}

	long count(Filter filter) {
		return filtered(COUNT, filter).query(Long.class).single();
	}

	Optional<AdminCampaignView> find(UUID id) {
		return this.jdbc.sql(ONE).param("id", id).query(JdbcAdminCampaigns::view).optional();
	}

	Stats stats() {
		Map<String, Long> byStatus = new LinkedHashMap<>();
		this.jdbc.sql(BY_STATUS)
			.query((rs, row) -> byStatus.put(rs.getString("status"), rs.getLong("campaigns")))
			.list();
		Messages messages = this.jdbc.sql(MESSAGES)
			.query((rs, row) -> new Messages(rs.getLong("sent"), rs.getLong("delivered"), rs.getLong("read"),
					rs.getLong("failed"), rs.getLong("pending"), rs.getLong("skipped")))
			.single();
		Map<String, Long> today = new LinkedHashMap<>();
		Map<String, Long> week = new LinkedHashMap<>();
		for (String status : List.of("SENT", "DELIVERED", "READ", "FAILED")) {
			today.put(status.toLowerCase(Locale.ROOT), 0L);
			week.put(status.toLowerCase(Locale.ROOT), 0L);
		}
		this.jdbc.sql(VOLUME).query((rs, row) -> {
			today.put(rs.getString("status").toLowerCase(Locale.ROOT), rs.getLong("today"));
			return week.put(rs.getString("status").toLowerCase(Locale.ROOT), rs.getLong("this_week"));
		}).list();
		List<ErrorCount> topErrors = this.jdbc.sql(TOP_ERRORS)
			.query((rs, row) -> new ErrorCount(rs.getObject("error_code", Integer.class), rs.getString("message"),
					rs.getLong("failures")))
			.list();
		long attempted = messages.sent() + messages.failed();
		double failureRate = (attempted == 0) ? 0 : Math.round(messages.failed() * 10000.0 / attempted) / 10000.0;
		return new Stats(byStatus, byStatus.values().stream().mapToLong(Long::longValue).sum(), messages, today, week,
				failureRate, topErrors);
	}

	private JdbcClient.StatementSpec filtered(String sql, Filter filter) {
		return this.jdbc.sql(sql)
			.param("status", filter.status())
			.param("type", filter.type())
			.param("userId", filter.userId())
			.param("q", filter.q());
	}

	private static AdminCampaignView view(ResultSet rs, int row) throws SQLException {
		return new AdminCampaignView(JdbcCampaignRepository.view(rs, row), rs.getString("username"),
				rs.getString("template_name"), rs.getString("type"));
	}

	/**
	 * @param status a campaign status, or {@code null} for all
	 * @param type a template category, or {@code null} for all
	 * @param q part of the campaign's name or its owner's username
	 */
	record Filter(String status, String type, UUID userId, String q) {

	}

	/**
	 * A campaign with its owner and template, for the admin list.
	 *
	 * @param type the template's category: MARKETING, UTILITY or AUTHENTICATION
	 */
	record AdminCampaignView(@JsonUnwrapped CampaignView campaign, String username, String templateName, String type) {

	}

	/**
	 * @param failureRate failed / (sent + failed), over every campaign
	 * @param topErrorCodes the most frequent failure codes of the last seven days
	 */
	record Stats(Map<String, Long> campaignsByStatus, long totalCampaigns, Messages messages, Map<String, Long> today,
			Map<String, Long> thisWeek, double failureRate, List<ErrorCount> topErrorCodes) {

	}

	record Messages(long sent, long delivered, long read, long failed, long pending, long skipped) {

	}

	record ErrorCount(Integer code, String message, long count) {

	}

}
