package com.wacampaigns.gateway.template;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import com.wacampaigns.common.graph.MessageTemplate;
import com.wacampaigns.gateway.GatewayProperties;

/**
 * A WhatsApp Business Account's message templates at the Graph API: the list ({@code GET
 * /{version}/{waba-id}/message_templates}, every page of it), a submission for review
 * ({@code POST}) and a deletion ({@code DELETE ?name=&hsm_id=}).
 */
@Component
class GraphTemplates {

	/** Meta leaves some of these out unless they are asked for. */
	private static final String FIELDS = "id,name,language,status,category,sub_category,parameter_format,"
			+ "components,quality_score,rejected_reason";

	/** Meta's code for a paging cursor it no longer knows: the list starts again. */
	private static final int INVALID_CURSOR = 131059;

	/**
	 * A list that never ends is a fault, not an account: 250,000 templates at 100 a page.
	 */
	private static final int MAX_PAGES = 2500;

	private final HttpClient http = HttpClient.newHttpClient();

	private final GatewayProperties.Graph graph;

	private final int pageSize;

	private final JsonMapper json;

	GraphTemplates(GatewayProperties properties, JsonMapper json) {
		this.graph = properties.graph();
		this.pageSize = properties.templates().pageSize();
		this.json = json;
	}

	/**
	 * Every template of the account, following Meta's {@code after} cursor from page to
	 * page until a page has no {@code next}. The cursor is sent to the configured base
	 * URL rather than following {@code next} itself, so the token goes nowhere else.
	 * @throws GraphProblem when Meta refuses or cannot be reached
	 */
	List<Listed> all(String wabaId, String accessToken) {
		try {
			return pages(wabaId, accessToken);
		}
		catch (InvalidCursor ex) {
			return pages(wabaId, accessToken);
		}
	}

	private List<Listed> pages(String wabaId, String accessToken) {
		List<Listed> listed = new ArrayList<>();
		Set<String> cursors = new HashSet<>();
		String after = null;
		for (int page = 0; page < MAX_PAGES; page++) {
			RawPage answer = page(wabaId, accessToken, after);
			for (JsonNode template : (answer.data() != null) ? answer.data() : List.<JsonNode>of()) {
				listed.add(toListed(template));
			}
			MessageTemplate.Paging paging = answer.paging();
			if (paging == null || paging.next() == null) {
				return listed;
			}
			after = (paging.cursors() != null) ? paging.cursors().after() : null;
			if (after == null || !cursors.add(after)) {
				throw new GraphProblem("Meta named a next page of templates without a new cursor");
			}
		}
		throw new GraphProblem("Meta listed more than " + MAX_PAGES + " pages of templates");
	}

	/**
	 * Submits a template for Meta's review.
	 * @param template the name, language, category, parameter format and components
	 * @return Meta's id for it, its status (PENDING) and the category Meta gave it
	 * @throws GraphProblem when Meta refuses it (with Meta's reason) or cannot be reached
	 */
	MessageTemplate.Created create(String wabaId, String accessToken, MessageTemplate template) {
		HttpResponse<String> response = exchange(
				request(templates(wabaId), accessToken).header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(template))),
				"submitting the template");
		if (response.statusCode() != 200) {
			throw refusal(response, "Meta refused the template");
		}
		try {
			return this.json.readValue(response.body(), MessageTemplate.Created.class);
		}
		catch (JacksonException ex) {
			throw new GraphProblem("Meta's answer to the template could not be read: " + ex.getOriginalMessage());
		}
	}

	/**
	 * Deletes the template of that name and Meta id (only that language's, not the name's
	 * other languages).
	 * @throws GraphProblem when Meta refuses or cannot be reached
	 */
	void delete(String wabaId, String accessToken, String name, String metaTemplateId) {
		URI uri = URI.create(templates(wabaId) + "?name=" + encoded(name) + "&hsm_id=" + encoded(metaTemplateId));
		HttpResponse<String> response = exchange(request(uri, accessToken).DELETE(), "deleting the template");
		if (response.statusCode() != 200) {
			throw refusal(response, "Meta refused to delete the template");
		}
	}

	private RawPage page(String wabaId, String accessToken, String after) {
		URI uri = URI.create(templates(wabaId) + "?fields=" + FIELDS + "&limit=" + this.pageSize
				+ ((after != null) ? "&after=" + encoded(after) : ""));
		HttpResponse<String> response = exchange(request(uri, accessToken).GET(), "listing the templates");
		if (response.statusCode() != 200) {
			RuntimeException refused = refusal(response, "Meta refused to list the templates");
			throw (after != null && refused instanceof GraphProblem problem && problem.code() == INVALID_CURSOR)
					? new InvalidCursor() : refused;
		}
		try {
			return this.json.readValue(response.body(), RawPage.class);
		}
		catch (JacksonException ex) {
			throw new GraphProblem("Meta's list of templates could not be read: " + ex.getOriginalMessage());
		}
	}

	/** The typed template, and its components as Meta wrote them, carousels and all. */
	private Listed toListed(JsonNode template) {
		try {
			JsonNode components = template.path("components");
			return new Listed(this.json.treeToValue(template, MessageTemplate.class),
					(components.isMissingNode() || components.isNull()) ? null
							: this.json.writeValueAsString(components));
		}
		catch (JacksonException ex) {
			throw new GraphProblem("A template in Meta's list could not be read: " + ex.getOriginalMessage());
		}
	}

	private URI templates(String wabaId) {
		return URI.create(this.graph.baseUrl().toString().replaceAll("/+$", "") + "/" + this.graph.apiVersion() + "/"
				+ encoded(wabaId) + "/message_templates");
	}

	private HttpRequest.Builder request(URI uri, String accessToken) {
		return HttpRequest.newBuilder(uri)
			.timeout(this.graph.timeout())
			.header("Authorization", "Bearer " + accessToken);
	}

	private HttpResponse<String> exchange(HttpRequest.Builder request, String doing) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new GraphProblem("The WhatsApp Cloud API could not be reached: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GraphProblem("Interrupted while " + doing);
		}
	}

	/**
	 * Meta's error as a problem: its code, its message, and its details for people
	 * ({@code error_user_msg}, {@code error_data.details}) where it gives them.
	 */
	private GraphProblem refusal(HttpResponse<String> response, String what) {
		try {
			JsonNode error = this.json.readTree(response.body()).path("error");
			int code = error.path("code").asInt();
			String details = error.path("error_user_msg")
				.asString(error.path("error_data").path("details").asString(""));
			return new GraphProblem(what + " (" + code + "): " + error.path("message").asString()
					+ (details.isBlank() ? "" : ": " + details), code);
		}
		catch (JacksonException ex) {
			return new GraphProblem(what + ": HTTP " + response.statusCode());
		}
	}

	private static String encoded(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * One template of the list.
	 *
	 * @param template what the columns are made of
	 * @param components Meta's {@code components} JSON as it came, or {@code null}
	 */
	record Listed(MessageTemplate template, String components) {

	}

	/** A page whose templates are kept as trees, so that nothing Meta sent is lost. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record RawPage(List<JsonNode> data, MessageTemplate.Paging paging) {

	}

	/** Meta refused, or could not be asked. */
	static class GraphProblem extends RuntimeException {

		private final int code;

		GraphProblem(String message) {
			this(message, 0);
		}

		GraphProblem(String message, int code) {
			super(message);
			this.code = code;
		}

		/** Meta's error code, 0 when Meta gave none. */
		int code() {
			return this.code;
		}

	}

	/** Thrown again on the second try, it is a problem like any other. */
	private static final class InvalidCursor extends GraphProblem {

		InvalidCursor() {
			super("Meta no longer knows the paging cursor of the templates");
		}

	}

}
