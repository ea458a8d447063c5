package com.wacampaigns.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the gateway's REST API, as a REST user calls it: the launcher's demo
 * and the system tests go through it.
 */
public final class GatewayClient {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final URI base;

	private String token;

	public GatewayClient(URI base) {
		this.base = base;
	}

	public GatewayClient login(String username, String password) {
		JsonNode answer = call("POST", "/auth/token", Map.of("username", username, "password", password), 200);
		this.token = answer.get("access_token").asString();
		return this;
	}

	/**
	 * Creates a campaign with {@code recipients} recipients ({@link Seeder#phone(int)}),
	 * each with the two parameters the demo template needs.
	 */
	public UUID createCampaign(String name, UUID userId, long templateId, int recipients, int rateLimit,
			int maxWorkers) {
		return createCampaign(name, userId, templateId, recipients, rateLimit, maxWorkers, Map.of(),
				(i) -> Map.of("1", "Customer " + i, "2", "A-" + i));
	}

	/**
	 * Creates a campaign with {@code recipients} recipients ({@link Seeder#phone(int)},
	 * named {@code Customer n}).
	 * @param templateValues the campaign's {@code template_values}
	 * @param parameters the n-th recipient's {@code parameters}, n from 1
	 */
	public UUID createCampaign(String name, UUID userId, long templateId, int recipients, int rateLimit, int maxWorkers,
			Map<String, Object> templateValues, IntFunction<Map<String, String>> parameters) {
		List<Map<String, Object>> list = new ArrayList<>(recipients);
		for (int i = 1; i <= recipients; i++) {
			list.add(Map.of("phone", Seeder.phone(i), "name", "Customer " + i, "parameters", parameters.apply(i)));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		if (!templateValues.isEmpty()) {
			body.put("template_values", templateValues);
		}
		body.put("name", name);
		body.put("description", "Created by the local stack");
		body.put("user_id", userId.toString());
		body.put("template_id", templateId);
		body.put("recipients", list);
		body.put("max_workers", maxWorkers);
		body.put("rate_limit", rateLimit);
		return UUID.fromString(call("POST", "/campaigns/create", body, 201).get("id").asString());
	}

	/**
	 * Syncs the caller's WhatsApp Business Accounts' templates from Meta (the simulator)
	 * and answers the id of the template called {@code name} among them.
	 */
	public long syncedTemplate(String name) {
		JsonNode sync = call("POST", "/templates/sync", null, 200);
		for (JsonNode template : call("GET", "/templates", null, 200)) {
			if (name.equals(template.get("name").asString()) && !template.get("local").asBoolean()) {
				return template.get("id").asLong();
			}
		}
		throw new IllegalStateException("No template " + name + " among the synced ones: " + sync);
	}

	/** The bearer token of the login, for requests this client does not make. */
	public String token() {
		return this.token;
	}

	public JsonNode send(UUID campaignId) {
		return call("POST", "/campaigns/" + campaignId + "/send", null, 200);
	}

	public JsonNode campaign(UUID campaignId) {
		return call("GET", "/campaigns/" + campaignId, null, 200);
	}

	/** Imports a CSV file into a DRAFT campaign and answers the import's report. */
	public JsonNode importCsv(UUID campaignId, String csv) {
		return call("POST", "/campaigns/" + campaignId + "/recipients", "text/csv",
				HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8), 200);
	}

	/** Any call; fails unless the answer has the expected status. */
	public JsonNode call(String method, String path, Object body, int expectedStatus) {
		return call(method, path, "application/json",
				(body != null) ? HttpRequest.BodyPublishers.ofByteArray(this.json.writeValueAsBytes(body))
						: HttpRequest.BodyPublishers.noBody(),
				expectedStatus);
	}

	private JsonNode call(String method, String path, String contentType, HttpRequest.BodyPublisher body,
			int expectedStatus) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path))
			.timeout(Duration.ofSeconds(60))
			.method(method, body)
			.header("Content-Type", contentType);
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		try {
			HttpResponse<byte[]> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() != expectedStatus) {
				throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
						+ new String(response.body(), StandardCharsets.UTF_8));
			}
			return (response.body().length > 0) ? this.json.readTree(response.body()) : null;
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
