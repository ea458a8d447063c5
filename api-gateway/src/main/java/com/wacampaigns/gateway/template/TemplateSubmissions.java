package com.wacampaigns.gateway.template;

import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import com.wacampaigns.common.graph.MessageTemplate;
import com.wacampaigns.gateway.auth.Caller;
import com.wacampaigns.gateway.template.GraphTemplates.GraphProblem;
import com.wacampaigns.gateway.template.GraphTemplates.Listed;
import com.wacampaigns.gateway.template.JdbcWabaTemplates.SyncedTemplate;
import com.wacampaigns.gateway.template.TemplateSync.NoAccessToken;
import com.wacampaigns.gateway.web.ApiException;
import com.wacampaigns.gateway.web.ApiException.FieldError;

/**
 * A WhatsApp Business Account's templates changed from here: submitted to Meta for review
 * (stored PENDING with Meta's id, until Meta's webhook or a sync brings the verdict) and
 * deleted at Meta. Meta's refusal reaches the caller with Meta's reason.
 */
@Component
class TemplateSubmissions {

	private static final Logger log = LoggerFactory.getLogger(TemplateSubmissions.class);

	private final GraphTemplates graph;

	private final TemplateSync sync;

	private final JdbcWabaTemplates templates;

	private final JsonMapper json;

	TemplateSubmissions(GraphTemplates graph, TemplateSync sync, JdbcWabaTemplates templates, JsonMapper json) {
		this.graph = graph;
		this.sync = sync;
		this.templates = templates;
		this.json = json;
	}

	/**
	 * @param template the name, language, category, parameter format and components to
	 * submit
	 * @return the stored template's id
	 */
	long submit(Caller caller, String wabaId, MessageTemplate template) {
		String token = token(caller, wabaId);
		MessageTemplate.Created created;
		try {
			created = this.graph.create(wabaId, token, template);
		}
		catch (GraphProblem ex) {
			throw (ex.code() != 0)
					? ApiException.invalid("Meta refused the template",
							List.of(new FieldError("components", null, ex.getMessage())))
					: ApiException.badGateway(ex.getMessage());
		}
		String status = (created.status() != null) ? created.status().toUpperCase(Locale.ROOT) : "PENDING";
		String category = (created.category() != null) ? created.category() : template.category();
		MessageTemplate submitted = new MessageTemplate(created.id(), template.name(), template.language(), status,
				category, null, template.parameterFormat(), null, null, template.components());
		SyncedTemplate columns = TemplateSync
			.columns(new Listed(submitted, this.json.writeValueAsString(template.components())))
			.orElseThrow(() -> ApiException.badGateway("Meta answered the template with status " + status
					+ " and category " + category + ", which this version does not know"));
		long id = this.templates.forEvent(wabaId, created.id(), template.name(), template.language()).map((stored) -> {
			// A name deleted before is Meta's again: the same row, as a sync would do.
			this.templates.update(stored.id(), columns);
			return stored.id();
		}).orElseGet(() -> this.templates.insert(wabaId, columns));
		log.info("Submitted template {} ({} {}) to WhatsApp Business Account {}: Meta id {}, {}", id, template.name(),
				template.language(), wabaId, created.id(), status);
		return id;
	}

	/** Deletes the template at Meta, this language only, and marks it DELETED here. */
	void delete(Caller caller, long id, String wabaId, String name, String metaTemplateId) {
		try {
			this.graph.delete(wabaId, token(caller, wabaId), name, metaTemplateId);
		}
		catch (GraphProblem ex) {
			throw (ex.code() != 0) ? ApiException.conflict(ex.getMessage()) : ApiException.badGateway(ex.getMessage());
		}
		this.templates.markDeleted(id);
		log.info("Deleted template {} ({}) of WhatsApp Business Account {} at Meta", id, name, wabaId);
	}

	/**
	 * Changes at Meta are made with the caller's own number's token, whatever another
	 * user's token of the account may do; an admin's with any number's.
	 */
	private String token(Caller caller, String wabaId) {
		try {
			return this.sync.accessTokenOf(wabaId, caller.admin() ? null : caller.id());
		}
		catch (NoAccessToken ex) {
			throw ApiException.conflict(ex.getMessage());
		}
	}

}
