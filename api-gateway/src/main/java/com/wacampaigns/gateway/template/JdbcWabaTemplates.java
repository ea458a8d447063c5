package com.wacampaigns.gateway.template;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.stereotype.Repository;

/**
 * The templates of WhatsApp Business Accounts as Meta lists them, the access tokens they
 * are listed with, and the changes Meta's template webhooks make to them.
 */
@Repository
class JdbcWabaTemplates {

	/**
	 * One sync of an account at a time, whichever gateway and whatever started it: two
	 * would both insert a new template.
	 */
	private static final String LOCK_ACCOUNT = """
			SELECT true AS locked
			FROM pg_advisory_xact_lock(hashtext('waba-templates'), hashtext(:wabaId))
			""";

	private static final String OF_ACCOUNT = """
			SELECT id, meta_template_id, name, language, status, category, quality_score
			FROM templates
			WHERE waba_id = :wabaId
			""";

	private static final String INSERT = """
			INSERT INTO templates (waba_id, meta_template_id, name, language, category, sub_category, status, body,
			                       parameter_count, parameter_format, quality_score, rejected_reason, components,
			                       synced_at)
			VALUES (:wabaId, :metaTemplateId, :name, :language, :category, :subCategory, :status, :body,
			        :parameterCount, :parameterFormat, :qualityScore, :rejectedReason, CAST(:components AS jsonb),
			        now())
			RETURNING id
			""";

	/** Writes only when Meta said something new, so the count and updated_at mean it. */
	private static final String UPDATE_CHANGED = """
			UPDATE templates
			SET meta_template_id = :metaTemplateId, name = :name, language = :language, category = :category,
			    sub_category = :subCategory, status = :status, body = :body, parameter_count = :parameterCount,
			    parameter_format = :parameterFormat, quality_score = :qualityScore, rejected_reason = :rejectedReason,
			    components = CAST(:components AS jsonb), updated_at = now()
			WHERE id = :id
			  AND (meta_template_id IS DISTINCT FROM :metaTemplateId OR name IS DISTINCT FROM :name
			       OR language IS DISTINCT FROM :language OR category IS DISTINCT FROM :category
			       OR sub_category IS DISTINCT FROM :subCategory OR status IS DISTINCT FROM :status
			       OR body IS DISTINCT FROM :body OR parameter_count IS DISTINCT FROM :parameterCount
			       OR parameter_format IS DISTINCT FROM :parameterFormat
			       OR quality_score IS DISTINCT FROM :qualityScore
			       OR rejected_reason IS DISTINCT FROM :rejectedReason
			       OR components IS DISTINCT FROM CAST(:components AS jsonb))
			""";

	private static final String MARK_SYNCED = """
			UPDATE templates SET synced_at = now() WHERE id = ANY(CAST(:ids AS bigint[]))
			""";

	/** Kept rather than removed: see the 011 changeset. */
	private static final String MARK_DELETED = """
			UPDATE templates
			SET status = 'DELETED', updated_at = now(), synced_at = now()
			WHERE waba_id = :wabaId AND status <> 'DELETED' AND NOT (id = ANY(CAST(:kept AS bigint[])))
			""";

	/** A connected number's token first, then the most recently connected one's. */
	private static final String ACCESS_TOKEN = """
			SELECT access_token_encrypted
			FROM senders
			WHERE waba_id = :wabaId AND access_token_encrypted IS NOT NULL
			  AND (CAST(:userId AS uuid) IS NULL OR user_id = :userId)
			ORDER BY (status = 'CONNECTED') DESC, updated_at DESC
			LIMIT 1
			""";

	private static final String ACCOUNTS = """
			SELECT DISTINCT waba_id
			FROM senders
			WHERE waba_id IS NOT NULL
			ORDER BY waba_id
			""";

	private static final String ACCOUNTS_OF_USER = """
			SELECT DISTINCT waba_id
			FROM senders
			WHERE waba_id IS NOT NULL AND user_id = :userId
			ORDER BY waba_id
			""";

	/**
	 * The periodic sync's turn: taken by whichever gateway comes first once the last run
	 * is {@code :seconds} old. Nothing is held while Meta is asked.
	 */
	private static final String TAKE_TURN = """
			UPDATE reconciler_lease
			SET last_run = now()
			WHERE name = 'templates'
			  AND (last_run IS NULL OR last_run < now() - make_interval(secs => :seconds))
			""";

	/** By Meta's id when it is known, else by name and language. */
	private static final String FOR_EVENT = """
			SELECT id, meta_template_id, name, language, status, category, quality_score
			FROM templates
			WHERE waba_id = :wabaId
			  AND (meta_template_id = :metaTemplateId OR (name = :name AND language = :language))
			ORDER BY (meta_template_id = :metaTemplateId) DESC NULLS LAST
			LIMIT 1
			""";

	private static final String SET_STATUS = """
			UPDATE templates
			SET status = :status,
			    rejected_reason = CASE WHEN :keepReason THEN rejected_reason ELSE :rejectedReason END,
			    updated_at = now()
			WHERE id = :id
			""";

	private static final String MARK_ONE_DELETED = """
			UPDATE templates SET status = 'DELETED', updated_at = now() WHERE id = :id
			""";

	private static final String SET_QUALITY = """
			UPDATE templates SET quality_score = :qualityScore, updated_at = now() WHERE id = :id
			""";

	private static final String SET_CATEGORY = """
			UPDATE templates SET category = :category, updated_at = now() WHERE id = :id
			""";

	private final JdbcClient jdbc;

	JdbcWabaTemplates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Holds the account's sync lock until the transaction ends. */
	void lockAccount(String wabaId) {
		this.jdbc.sql(LOCK_ACCOUNT).param("wabaId", wabaId).query(Boolean.class).single();
	}

	List<Stored> ofAccount(String wabaId) {
		return this.jdbc.sql(OF_ACCOUNT).param("wabaId", wabaId).query(Stored.class).list();
	}

	long insert(String wabaId, SyncedTemplate template) {
		return bind(this.jdbc.sql(INSERT).param("wabaId", wabaId), template).query(Long.class).single();
	}

	/**
	 * @return whether anything changed
	 */
	boolean update(long id, SyncedTemplate template) {
		return bind(this.jdbc.sql(UPDATE_CHANGED).param("id", id), template).update() == 1;
	}

	void markSynced(Collection<Long> ids) {
		this.jdbc.sql(MARK_SYNCED).param("ids", array(ids)).update();
	}

	/**
	 * @return how many templates of the account became DELETED
	 */
	int markDeletedExcept(String wabaId, Collection<Long> kept) {
		return this.jdbc.sql(MARK_DELETED).param("wabaId", wabaId).param("kept", array(kept)).update();
	}

	/** The stored (encrypted) token of a number of the account. */
	Optional<String> accessTokenOf(String wabaId) {
		return accessTokenOf(wabaId, null);
	}

	/**
	 * @param userId whose number's token, or {@code null} for any number's
	 */
	Optional<String> accessTokenOf(String wabaId, UUID userId) {
		return this.jdbc.sql(ACCESS_TOKEN)
			.param("wabaId", wabaId)
			.param("userId", userId)
			.query(String.class)
			.optional();
	}

	/** Every account that a number was connected with. */
	List<String> accounts() {
		return this.jdbc.sql(ACCOUNTS).query(String.class).list();
	}

	/** The accounts of the user's numbers. */
	List<String> accountsOf(UUID userId) {
		return this.jdbc.sql(ACCOUNTS_OF_USER).param("userId", userId).query(String.class).list();
	}

	/**
	 * @return whether this gateway runs the periodic sync now
	 */
	boolean takeTurn(Duration since) {
		return this.jdbc.sql(TAKE_TURN).param("seconds", since.toMillis() / 1000.0).update() == 1;
	}

	Optional<Stored> forEvent(String wabaId, String metaTemplateId, String name, String language) {
		return this.jdbc.sql(FOR_EVENT)
			.param("wabaId", wabaId)
			.param("metaTemplateId", metaTemplateId)
			.param("name", name)
			.param("language", language)
			.query(Stored.class)
			.optional();
	}

	/**
	 * @param keepReason whether the stored rejection reason stays, instead of becoming
	 * {@code rejectedReason}
	 */
	void setStatus(long id, String status, boolean keepReason, String rejectedReason) {
		this.jdbc.sql(SET_STATUS)
			.param("id", id)
			.param("status", status)
			.param("keepReason", keepReason)
			.param("rejectedReason", rejectedReason)
			.update();
	}

	void setQuality(long id, String qualityScore) {
		this.jdbc.sql(SET_QUALITY).param("id", id).param("qualityScore", qualityScore).update();
	}

	void markDeleted(long id) {
		this.jdbc.sql(MARK_ONE_DELETED).param("id", id).update();
	}

	void setCategory(long id, String category) {
		this.jdbc.sql(SET_CATEGORY).param("id", id).param("category", category).update();
	}

	private static StatementSpec bind(StatementSpec statement, SyncedTemplate template) {
		return statement.param("metaTemplateId", template.metaTemplateId())
			.param("name", template.name())
			.param("language", template.language())
			.param("category", template.category())
			.param("subCategory", template.subCategory())
			.param("status", template.status())
			.param("body", template.body())
			.param("parameterCount", template.parameterCount())
			.param("parameterFormat", template.parameterFormat())
			.param("qualityScore", template.qualityScore())
			.param("rejectedReason", template.rejectedReason())
			.param("components", template.components());
	}

	/** Ids as text, cast to {@code bigint[]} in SQL, as the driver binds a String[]. */
	private static String[] array(Collection<Long> ids) {
		return ids.stream().map(String::valueOf).toArray(String[]::new);
	}

	/** A template of an account as stored. */
	/**
	 * A template as stored, before Meta's news is applied.
	 *
	 * @param qualityScore GREEN, YELLOW, RED, UNKNOWN, or {@code null} before Meta rated
	 * it
	 */
	record Stored(long id, String metaTemplateId, String name, String language, String status, String category,
			String qualityScore) {

	}

	/**
	 * A template as Meta lists it, in the columns it is stored in.
	 *
	 * @param body the BODY component's text, with its variables
	 * @param parameterCount the BODY's variables: the highest {@code {{n}}}, or the
	 * number of distinct named ones
	 * @param components Meta's JSON, or {@code null}
	 */
	record SyncedTemplate(String metaTemplateId, String name, String language, String category, String subCategory,
			String status, String body, int parameterCount, String parameterFormat, String qualityScore,
			String rejectedReason, String components) {

	}

}
