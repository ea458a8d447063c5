package com.wacampaigns.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP requests to the gateway under test, with the answers as they came.
 */
public final class Http {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	private final URI base;

	public Http(int port) {
		this.base = URI.create("http://127.0.0.1:" + port);
	}

	public HttpResponse<String> get(String path, String token) {
		return send(request(path, token).GET());
	}

	/** A GET with these headers and no token. */
	public HttpResponse<String> getWithHeaders(String path, Map<String, String> headers) {
		HttpRequest.Builder request = request(path, null).GET();
		headers.forEach(request::header);
		return send(request);
	}

	/** A GET without a token that accepts {@code accept}, as a browser or curl asks. */
	public HttpResponse<String> getAccepting(String path, String accept) {
		return send(request(path, null).header("Accept", accept).GET());
	}

	public HttpResponse<String> post(String path, String token, String json) {
		return send(request(path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
	}

	public HttpResponse<String> post(String path, Map<String, String> headers, byte[] body) {
		HttpRequest.Builder request = request(path, null).POST(HttpRequest.BodyPublishers.ofByteArray(body));
		headers.forEach(request::header);
		return send(request);
	}

	public HttpResponse<String> put(String path, String token, String json) {
		return send(request(path, token).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
	}

	public HttpResponse<String> patch(String path, String token, String json) {
		return send(request(path, token).header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
	}

	/** A DELETE, with a JSON body when {@code json} is not null. */
	public HttpResponse<String> delete(String path, String token, String json) {
		return send(request(path, token).header("Content-Type", "application/json")
			.method("DELETE", (json != null) ? HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)
					: HttpRequest.BodyPublishers.noBody()));
	}

	/**
	 * A multipart/form-data POST.
	 * @param parts by name: content type and content; a part of type {@code text/csv} is
	 * sent as a file
	 */
	public HttpResponse<String> multipart(String path, String token, Map<String, Part> parts) {
		String boundary = "----wa" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		parts.forEach((name, part) -> {
			String filename = part.contentType().startsWith("text/csv") ? "; filename=\"" + name + ".csv\"" : "";
			body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"" + filename
					+ "\r\nContent-Type: " + part.contentType() + "\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8));
			body.writeBytes(part.content().getBytes(StandardCharsets.UTF_8));
			body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
		});
		body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return send(request(path, token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

	public record Part(String contentType, String content) {

	}

	public String token(String username, String password) {
		HttpResponse<String> response = post("/auth/token", null,
				"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
		return json(response).get("access_token").asString();
	}

	public static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
