package com.wacampaigns.gateway.template;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Message templates: local ones (a user's own, and shared ones without owner), and the
 * templates of WhatsApp Business Accounts, which the users with a number of the account
 * see. An admin sees them all.
 */
@Repository
class JdbcTemplateRepository {

	private static final String COLUMNS = """
			SELECT t.id, t.user_id, t.name, t.language, t.category, t.body, t.parameter_count, t.status, t.created_at,
			       t.waba_id, t.meta_template_id, t.waba_id IS NULL AS local, t.parameter_format, t.sub_category,
			       t.quality_score, t.rejected_reason, t.components::text AS components, t.synced_at
			FROM templates t
			""";

	/** A user's own and shared local templates, and those of their numbers' accounts. */
	private static final String VISIBLE_TO = """
			(:admin
			 OR (t.waba_id IS NULL AND (t.user_id IS NULL OR t.user_id = :userId))
			 OR EXISTS (SELECT 1 FROM senders s WHERE s.waba_id = t.waba_id AND s.user_id = :userId))
			""";

	private static final String VISIBLE = COLUMNS + "WHERE " + VISIBLE_TO + "ORDER BY t.id";

	private static final String VISIBLE_BY_ID = COLUMNS + "WHERE t.id = :id AND " + VISIBLE_TO;

	private static final String BY_ID = COLUMNS + "WHERE t.id = :id";

	private static final String INSERT = """
			INSERT INTO templates (user_id, name, language, category, body, parameter_count, status, parameter_format,
			                       components)
			VALUES (:userId, :name, :language, :category, :body, :parameterCount, 'PENDING', :parameterFormat,
			        CAST(:components AS jsonb))
			ON CONFLICT (user_id, name, language) DO NOTHING
			RETURNING id
			""";

	/** Campaigns that would still send the template. */
	private static final String UNFINISHED_CAMPAIGNS = """
			SELECT count(*) FROM campaigns
			WHERE template_id = :id AND status IN ('DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED')
			""";

	/** A template no campaign names goes; one that campaigns name stays, DELETED. */
	private static final String DELETE_UNUSED = """
			DELETE FROM templates t
			WHERE t.id = :id AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.template_id = t.id)
			""";

	private static final String SET_STATUS = """
			UPDATE templates SET status = :status, updated_at = now() WHERE id = :id
			""";

	private final JdbcClient jdbc;

	JdbcTemplateRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<TemplateView> visibleTo(UUID userId, boolean admin) {
		return this.jdbc.sql(VISIBLE).param("userId", userId).param("admin", admin).query(TemplateView.class).list();
	}

	Optional<TemplateView> visibleById(long id, UUID userId, boolean admin) {
		return this.jdbc.sql(VISIBLE_BY_ID)
			.param("id", id)
			.param("userId", userId)
			.param("admin", admin)
			.query(TemplateView.class)
			.optional();
	}

	Optional<TemplateView> byId(long id) {
		return this.jdbc.sql(BY_ID).param("id", id).query(TemplateView.class).optional();
	}

	/**
	 * A local template, PENDING until an admin records Meta's verdict.
	 * @param components Meta's components as JSON, or {@code null} for a body alone
	 */
	Optional<Long> insert(UUID userId, String name, String language, String category, String body, int parameterCount,
			String parameterFormat, String components) {
		return this.jdbc.sql(INSERT)
			.param("parameterFormat", parameterFormat)
			.param("components", components)
			.param("userId", userId)
			.param("name", name)
			.param("language", language)
			.param("category", category)
			.param("body", body)
			.param("parameterCount", parameterCount)
			.query(Long.class)
			.optional();
	}

	void setStatus(long id, String status) {
		this.jdbc.sql(SET_STATUS).param("id", id).param("status", status).update();
	}

	long unfinishedCampaigns(long id) {
		return this.jdbc.sql(UNFINISHED_CAMPAIGNS).param("id", id).query(Long.class).single();
	}

	/**
	 * Removes the template, or marks it DELETED when campaigns name it.
	 */
	void delete(long id) {
		if (this.jdbc.sql(DELETE_UNUSED).param("id", id).update() == 0) {
			setStatus(id, "DELETED");
		}
	}

	/**
	 * A template as the API shows it.
	 *
	 * @param wabaId the WhatsApp Business Account it comes from, {@code null} for a local
	 * one
	 * @param metaTemplateId Meta's id of it
	 * @param local made here (the demo, tests): its status is an admin's word, not Meta's
	 * @param parameterFormat POSITIONAL ({@code {{1}}}) or NAMED ({@code {{first_name}}})
	 * @param qualityScore Meta's GREEN, YELLOW, RED or UNKNOWN
	 * @param rejectedReason why Meta rejected it ({@code NONE} otherwise)
	 * @param components Meta's components (header, body, footer, buttons), as JSON
	 * @param syncedAt when Meta last listed it
	 */
	record TemplateView(long id, UUID userId, String name, String language, String category, String body,
			int parameterCount, String status, OffsetDateTime createdAt, String wabaId, String metaTemplateId,
			boolean local, String parameterFormat, String subCategory, String qualityScore, String rejectedReason,
			@JsonRawValue String components, OffsetDateTime syncedAt) {

	}

}
