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
 * /{version}/{phone-number-id}}), before the gateway stores it.
 */
@Component
class GraphNumberCheck {

	private final HttpClient http = HttpClient.newHttpClient();

	private final GatewayProperties.Graph graph;

	private final JsonMapper json;

	GraphNumberCheck(GatewayProperties properties, JsonMapper json) {
		this.graph = properties.graph();
		this.json = json;
	}

	/**
	 * @return the problem Meta reported, or empty when the token works for the number
	 */
	Optional<String> problemWith(String phoneNumberId, String accessToken) {
		URI uri = URI.create(this.graph.baseUrl().toString().replaceAll("/+$", "") + "/" + this.graph.apiVersion() + "/"
				+ phoneNumberId);
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri)
				.timeout(this.graph.timeout())
				.header("Authorization", "Bearer " + accessToken)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 200) {
				return Optional.empty();
			}
			return Optional.of(message(response));
		}
		catch (IOException ex) {
			return Optional.of("The WhatsApp Cloud API could not be reached: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.of("Interrupted while checking the number");
		}
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

}
