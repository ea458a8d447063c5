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
 * Lists a WhatsApp Business Account's message templates from the Graph API ({@code GET
 * /{version}/{waba-id}/message_templates}), every page of them.
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

	private RawPage page(String wabaId, String accessToken, String after) {
		URI uri = URI.create(this.graph.baseUrl().toString().replaceAll("/+$", "") + "/" + this.graph.apiVersion() + "/"
				+ encoded(wabaId) + "/message_templates?fields=" + FIELDS + "&limit=" + this.pageSize
				+ ((after != null) ? "&after=" + encoded(after) : ""));
		HttpResponse<String> response;
		try {
			response = this.http.send(HttpRequest.newBuilder(uri)
				.timeout(this.graph.timeout())
				.header("Authorization", "Bearer " + accessToken)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new GraphProblem("The WhatsApp Cloud API could not be reached: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GraphProblem("Interrupted while listing the templates");
		}
		if (response.statusCode() != 200) {
			throw refusal(response, after != null);
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

	private RuntimeException refusal(HttpResponse<String> response, boolean paging) {
		try {
			JsonNode error = this.json.readTree(response.body()).path("error");
			int code = error.path("code").asInt();
			if (paging && code == INVALID_CURSOR) {
				return new InvalidCursor();
			}
			return new GraphProblem(
					"Meta refused to list the templates (" + code + "): " + error.path("message").asString());
		}
		catch (JacksonException ex) {
			return new GraphProblem("Meta answered HTTP " + response.statusCode() + " to the list of templates");
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

	/** Meta refused the list, or could not be asked. */
	static class GraphProblem extends RuntimeException {

		GraphProblem(String message) {
			super(message);
		}

	}

	/** Thrown again on the second try, it is a problem like any other. */
	private static final class InvalidCursor extends GraphProblem {

		InvalidCursor() {
			super("Meta no longer knows the paging cursor of the templates");
		}

	}

}
