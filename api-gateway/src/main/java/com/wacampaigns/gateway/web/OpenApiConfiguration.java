package com.wacampaigns.gateway.web;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API described with springdoc-openapi at {@code /v3/api-docs} (for signed-in
 * callers; the console's API page shows it with Swagger UI): every controller's
 * endpoints, their bodies with the snake_case names the API uses, RFC 9457 problem
 * details, and the two ways to authenticate. {@code docs/openapi.json} is this
 * description, checked against the running app by {@code OpenApiIntegrationTests}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String BEARER = "bearer";

	static final String API_KEY = "api_key";

	private static final String PROBLEM = "Problem";

	@Bean
	OpenAPI openApi() {
		return new OpenAPI().info(new Info().title("wa-campaigns").version("v1").description("""
				Campaigns of WhatsApp template messages: create them (JSON or CSV), send them at the pace \
				Meta allows, and follow each recipient to its final state. Errors are RFC 9457 problem \
				details naming the field and the reason. Authenticate with a user's token from \
				POST /auth/token, or with an API key (POST /api-keys) as a bearer token or in X-API-Key; \
				a key may call only what its scopes cover.""").license(new License().name("Apache-2.0")))
			// Relative: the same description wherever the gateway runs (springdoc would
			// otherwise write the address of the request that asked).
			.servers(List.of(new Server().url("/").description("This gateway")))
			.components(new Components()
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("A user's JWT from POST /auth/token, or an API key (wak_...)"))
				.addSecuritySchemes(API_KEY,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("X-API-Key")
							.description("An API key from POST /api-keys")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER))
			.addSecurityItem(new SecurityRequirement().addList(API_KEY));
	}

	/**
	 * Every operation may be refused: its {@code default} response is the API's problem
	 * details (RFC 9457), with the fields and reasons of a 400.
	 */
	@Bean
	OpenApiCustomizer problemResponses() {
		return (openApi) -> {
			Schema<?> fieldError = new ObjectSchema().addProperty("field", new StringSchema())
				.addProperty("rejected_value", new Schema<>())
				.addProperty("reason", new StringSchema());
			openApi.getComponents()
				.addSchemas(PROBLEM,
						new ObjectSchema().description("RFC 9457 problem details")
							.addProperty("type", new StringSchema())
							.addProperty("title", new StringSchema())
							.addProperty("status", new IntegerSchema())
							.addProperty("detail", new StringSchema())
							.addProperty("instance", new StringSchema())
							.addProperty("errors", new ArraySchema().items(fieldError)));
			ApiResponse refusal = new ApiResponse()
				.description("A refusal: the status, and what was wrong (for a 400, each field and the reason)")
				.content(new Content().addMediaType("application/problem+json",
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
			openApi.getPaths()
				.values()
				.forEach((path) -> path.readOperations()
					.forEach((operation) -> operation.getResponses().addApiResponse("default", refusal)));
		};
	}

	/**
	 * The schemas' property names as the API writes them ({@code spring.jackson}'s
	 * SNAKE_CASE): swagger-core reads models with a Jackson 2 mapper of its own.
	 */
	@Bean
	ModelResolver snakeCaseModels() {
		return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

}
