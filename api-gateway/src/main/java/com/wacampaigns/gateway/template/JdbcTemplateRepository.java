package com.wacampaigns.gateway.template;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Message templates: a user's own, and shared ones (no owner).
 */
@Repository
class JdbcTemplateRepository {

	private static final String VISIBLE = """
			SELECT id, user_id, name, language, category, body, parameter_count, status, created_at
			FROM templates
			WHERE user_id IS NULL OR user_id = :userId OR :admin
			ORDER BY id
			""";

	private static final String BY_ID = """
			SELECT id, user_id, name, language, category, body, parameter_count, status, created_at
			FROM templates
			WHERE id = :id
			""";

	private static final String INSERT = """
			INSERT INTO templates (user_id, name, language, category, body, parameter_count, status)
			VALUES (:userId, :name, :language, :category, :body, :parameterCount, 'PENDING')
			ON CONFLICT (user_id, name, language) DO NOTHING
			RETURNING id
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

	Optional<TemplateView> byId(long id) {
		return this.jdbc.sql(BY_ID).param("id", id).query(TemplateView.class).optional();
	}

	Optional<Long> insert(UUID userId, String name, String language, String category, String body, int parameterCount) {
		return this.jdbc.sql(INSERT)
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

	record TemplateView(long id, UUID userId, String name, String language, String category, String body,
			int parameterCount, String status, OffsetDateTime createdAt) {

	}

}
