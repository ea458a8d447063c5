package com.wacampaigns.gateway.sender;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import com.wacampaigns.gateway.GatewayProperties;

/**
 * Asks the Graph API whether an access token works for a phone-number id ({@code GET
 * /{version}/{phone-number-id}}), before the gateway stores it, and reads Meta's limits
 * on the number with the same request: the portfolio's messaging limit, the number's
 * quality rating and throughput level. The portfolio itself is the number's account's
 * owner ({@code GET /{version}/{waba-id}?fields=owner_business_info}).
 */
@Component
class GraphNumberCheck {

	/** What the check reads of the number besides its id. */
	private static final String NUMBER_FIELDS = "display_phone_number,verified_name,quality_rating,"
			+ "whatsapp_business_manager_messaging_limit,throughput";

	private final HttpClient http = HttpClient.newHttpClient();

	private final GatewayProperties.Graph graph;

	private final JsonMapper json;

	GraphNumberCheck(GatewayProperties properties, JsonMapper json) {
		this.graph = properties.graph();
		this.json = json;
	}

	/**
	 * @return the problem Meta reported, or the number's limits when the token works for
	 * it
	 */
	Checked check(String phoneNumberId, String accessToken) {
		Answer answer = get(phoneNumberId + "?fields=" + NUMBER_FIELDS, accessToken);
		if (answer.problem() != null) {
			return new Checked(answer.problem(), null);
		}
		JsonNode number = answer.body();
		return new Checked(null, new NumberLimits(text(number.path("whatsapp_business_manager_messaging_limit")),
				text(number.path("quality_rating")), text(number.path("throughput").path("level"))));
	}

	/**
	 * The business portfolio that owns the account, or empty when Meta does not say.
	 */
	Optional<String> portfolioOf(String wabaId, String accessToken) {
		Answer answer = get(wabaId + "?fields=owner_business_info", accessToken);
		return (answer.problem() != null) ? Optional.empty()
				: Optional.ofNullable(text(answer.body().path("owner_business_info").path("id")));
	}

	private Answer get(String path, String accessToken) {
		URI uri = URI
			.create(this.graph.baseUrl().toString().replaceAll("/+$", "") + "/" + this.graph.apiVersion() + "/" + path);
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri)
				.timeout(this.graph.timeout())
				.header("Authorization", "Bearer " + accessToken)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return new Answer(message(response), null);
			}
			try {
				return new Answer(null, this.json.readTree(response.body()));
			}
			catch (JacksonException ex) {
				return new Answer(null, this.json.createObjectNode());
			}
		}
		catch (IOException ex) {
			return new Answer("The WhatsApp Cloud API could not be reached: " + ex.getMessage(), null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Answer("Interrupted while checking the number", null);
		}
	}

	private static String text(JsonNode node) {
		return (node.isString() && !node.asString().isBlank()) ? node.asString() : null;
	}

	private String message(HttpResponse<String> response) {
		try {
			JsonNode error = this.json.readTree(response.body()).path("error");
			return "Meta refused the number or token (" + error.path("code").asInt() + "): "
					+ error.path("message").asString();
		}
		catch (JacksonException ex) {
			return "Meta answered HTTP " + response.statusCode();
		}
	}

	/**
	 * @param problem what Meta said, when the token does not work for the number
	 * @param limits what Meta says of the number, when it does
	 */
	record Checked(String problem, NumberLimits limits) {

	}

	private record Answer(String problem, JsonNode body) {

	}

}
