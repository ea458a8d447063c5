package com.wacampaigns.gateway.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.wacampaigns.gateway.Http;
import com.wacampaigns.gateway.NewUserIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description covers every endpoint of every controller, with the API's
 * snake_case names and both ways to authenticate, is for signed-in callers only, and is
 * what {@code docs/openapi.json} in the repository says.
 */
class OpenApiIntegrationTests extends NewUserIntegrationTest {

	/** From the module's directory, where the tests run. */
	private static final Path COMMITTED = Path.of("..", "docs", "openapi.json");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Test
	void shouldDescribeEveryEndpointWithTheApisNamesAndItsSecurity() {
		assertThat(this.http.get("/v3/api-docs", null).statusCode()).as("not public").isEqualTo(401);
		JsonNode spec = Http.json(this.http.get("/v3/api-docs", this.user.token()));

		List<String> undocumented = new ArrayList<>();
		this.mappings.getHandlerMethods().forEach((info, handler) -> {
			if (!ours(handler)) {
				return;
			}
			for (String pattern : info.getPatternValues()) {
				// OpenAPI has no regular expressions in paths: {action:pause|resume} is
				// {action}.
				String path = pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
				JsonNode described = spec.get("paths").get(path);
				for (RequestMethod method : info.getMethodsCondition().getMethods()) {
					if (described == null || !described.has(method.name().toLowerCase(Locale.ROOT))) {
						undocumented.add(method + " " + path);
					}
				}
			}
		});
		assertThat(undocumented).as("endpoints missing from /v3/api-docs").isEmpty();
		assertThat(spec.get("paths").has("/campaigns/create")).isTrue();
		assertThat(spec.get("components").get("schemas").get("CampaignView").get("properties").has("total_recipients"))
			.as("snake_case, as the API writes it")
			.isTrue();
		assertThat(spec.get("components").get("securitySchemes").propertyNames()).contains("bearer", "api_key");
	}

	@Test
	void shouldBeWhatTheRepositorysDescriptionSays() throws IOException {
		JsonNode spec = Http.json(this.http.get("/v3/api-docs", this.user.token()));
		String served = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(spec)
				+ "\n";
		if (Boolean.getBoolean("openapi.write")) {
			Files.writeString(COMMITTED, served);
		}
		assertThat(COMMITTED).as("docs/openapi.json").exists();
		assertThat(Files.readString(COMMITTED))
			.as("docs/openapi.json is the running API's description; after changing the API, write it again with "
					+ "./mvnw -pl api-gateway verify -Dit.test=OpenApiIntegrationTests -Dopenapi.write=true")
			.isEqualTo(served);
	}

	private static boolean ours(HandlerMethod handler) {
		return handler.getBeanType().getPackageName().startsWith("com.wacampaigns");
	}

}
