package io.tokenmint.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import io.tokenmint.problem.ProblemCode;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}): both security
 * schemes, and the problem body with every error code on every operation.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String API_KEY = "apiKey";

	static final String BEARER = "bearer";

	@Bean
	OpenAPI tokenmintOpenApi(ObjectProvider<BuildProperties> build) {
		String version = build.getIfAvailable() == null ? "dev" : build.getIfAvailable().getVersion();
		Schema<String> codes = new Schema<String>().type("string")
			._enum(Arrays.stream(ProblemCode.values()).map(Enum::name).toList())
			.description("Stable machine-readable error code; see docs/api.md for each");
		Schema<Object> problem = new Schema<Object>().type("object")
			.description("RFC 9457 problem details")
			.addProperty("type", new Schema<String>().type("string").format("uri"))
			.addProperty("title", new Schema<String>().type("string"))
			.addProperty("status", new Schema<Integer>().type("integer"))
			.addProperty("detail", new Schema<String>().type("string"))
			.addProperty("instance", new Schema<String>().type("string"))
			.addProperty("code", codes)
			.addProperty("request_id", new Schema<String>().type("string"))
			.addProperty("pointer", new Schema<String>().type("string").description("JSON Pointer to the first offending value"))
			.addProperty("errors", new Schema<Object>().type("array").items(new Schema<Object>().type("object")
				.addProperty("code", new Schema<String>().type("string"))
				.addProperty("pointer", new Schema<String>().type("string"))
				.addProperty("detail", new Schema<String>().type("string"))))
			.required(List.of("type", "title", "status", "code", "request_id"));
		return new OpenAPI()
			.info(new Info().title("tokenmint").version(version)
				.description("Issues signed JWTs for Nutrient Document Engine, MoEngage, Braze and custom consumers."))
			.components(new Components()
				.addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
					.name("X-Api-Key").description("An API client's key, or the admin key for /admin/** and /actuator/**"))
				.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
					.description("A signed-in user's token from the app's identity provider (POST /tokens only)"))
				.addSchemas("Problem", problem))
			.addSecurityItem(new SecurityRequirement().addList(API_KEY))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

	@Bean
	OperationCustomizer problemResponses() {
		Map<String, String> errors = Map.of("400", "Invalid request", "401", "Not authenticated", "403", "Not allowed",
				"404", "Not found", "413", "Body over 64 KiB", "415", "Not application/json", "429", "Rate limited",
				"503", "Database or signing key unavailable: no token issued");
		return (operation, handler) -> {
			errors.forEach((status, description) -> {
				if (operation.getResponses() != null && !operation.getResponses().containsKey(status)) {
					operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
						.content(new Content().addMediaType("application/problem+json",
								new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
				}
			});
			return operation;
		};
	}

}
