package com.wacampaigns.gateway.auth;

import java.util.Arrays;
import java.util.Optional;

import org.springframework.http.HttpMethod;

/**
 * What an API key may do. Each of the API's paths needs one scope to read (GET) and
 * another to change; a path none names (keys, admin, connecting a number, the actuator)
 * is closed to keys, whatever their scopes.
 */
public enum ApiScope {

	CAMPAIGNS_READ("campaigns:read"), CAMPAIGNS_WRITE("campaigns:write"), TEMPLATES_READ("templates:read"),
	TEMPLATES_WRITE("templates:write"), SUPPRESSIONS_READ("suppressions:read"),
	SUPPRESSIONS_WRITE("suppressions:write"), SENDERS_READ("senders:read"), WEBHOOKS_READ("webhooks:read"),
	WEBHOOKS_WRITE("webhooks:write");

	private final String word;

	ApiScope(String word) {
		this.word = word;
	}

	/** As the API writes it: {@code campaigns:read}. */
	public String word() {
		return this.word;
	}

	public static Optional<ApiScope> ofWord(String word) {
		return Arrays.stream(values()).filter((scope) -> scope.word.equals(word)).findFirst();
	}

	/** The scope a request needs, or empty when keys may not make it at all. */
	static Optional<ApiScope> requiredFor(String method, String path) {
		boolean read = HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method);
		if (under(path, "/campaigns")) {
			return Optional.of(read ? CAMPAIGNS_READ : CAMPAIGNS_WRITE);
		}
		if (under(path, "/templates")) {
			return Optional.of(read ? TEMPLATES_READ : TEMPLATES_WRITE);
		}
		if (under(path, "/suppressions")) {
			return Optional.of(read ? SUPPRESSIONS_READ : SUPPRESSIONS_WRITE);
		}
		if (under(path, "/webhooks/endpoints") || path.equals("/webhooks/event-types")) {
			return Optional.of(read ? WEBHOOKS_READ : WEBHOOKS_WRITE);
		}
		if (read && path.equals("/whatsapp/status")) {
			return Optional.of(SENDERS_READ);
		}
		return Optional.empty();
	}

	/** The API's description ({@code /v3/api-docs}), which every key may read. */
	static boolean describesTheApi(String path) {
		return under(path, "/v3/api-docs");
	}

	private static boolean under(String path, String root) {
		return path.equals(root) || path.startsWith(root + "/");
	}

}
