package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;

import io.tokenmint.support.EndToEndTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

class OpenApiTests extends EndToEndTest {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	private OpenAPI document() {
		var response = api.get("/v3/api-docs");
		assertThat(response.status()).as("public, no key needed").isEqualTo(200);
		var result = new OpenAPIParser().readContents(response.body(), null, null);
		assertThat(result.getMessages()).as("validation messages").isEmpty();
		return result.getOpenAPI();
	}

	@Test
	void publishesAValidOpenApi31Document() {
		OpenAPI openApi = document();
		assertThat(openApi.getOpenapi()).startsWith("3.1");
		assertThat(openApi.getComponents().getSecuritySchemes()).containsKeys("apiKey", "bearer");
		assertThat(openApi.getComponents().getSchemas()).containsKeys("Problem", "TokenRequest", "IssuedToken");
		var tokens = openApi.getPaths().get("/tokens").getPost();
		assertThat(tokens.getResponses()).containsKeys("200", "400", "401", "403", "413", "415", "429", "503");
		assertThat(tokens.getResponses().get("200").getContent()).containsKeys("application/json", "application/jwt");
		assertThat(api.get("/swagger-ui.html").status()).isIn(200, 302);
	}

	/** What generated clients and gateways need of every operation: a name, a tag, a summary, who may call it. */
	@Test
	void everyOperationIsNamedTaggedSummarisedAndSaysWhoMayCallIt() {
		OpenAPI openApi = document();
		List<String> operationIds = new ArrayList<>();
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			String where = method + " " + path;
			assertThat(operation.getOperationId()).as(where).matches("[a-z][A-Za-z]+").doesNotContain("_");
			operationIds.add(operation.getOperationId());
			assertThat(operation.getTags()).as(where).hasSize(1).allMatch(tag -> !tag.endsWith("-controller"));
			assertThat(operation.getSummary()).as(where).isNotBlank();
			assertThat(operation.getSecurity()).as(where + " declares its own security").isNotNull();
			boolean open = method == PathItem.HttpMethod.GET && (path.equals("/.well-known/jwks.json") || path.startsWith("/keys/"));
			if (open) {
				assertThat(operation.getSecurity()).as(where + " is public").isEmpty();
				assertThat(operation.getResponses()).as(where).doesNotContainKeys("401", "403");
			}
			else {
				assertThat(operation.getSecurity()).as(where).isNotEmpty()
					.allMatch(requirement -> requirement.size() == 1, "one scheme per alternative: never both at once");
			}
			if (operation.getRequestBody() == null) {
				assertThat(operation.getResponses()).as(where + " takes no body").doesNotContainKeys("413", "415");
			}
			assertThat(operation.getResponses()).as(where).containsKeys("400", "429", "500");
		}));
		assertThat(operationIds).doesNotHaveDuplicates().contains("issueToken", "createClient", "getJwks", "exportAuditRecords");
		assertThat(openApi.getSecurity()).as("no global security: each operation says").isNullOrEmpty();
		assertThat(openApi.getPaths().get("/admin/keys").getGet().getSecurity()).extracting(requirement -> requirement.keySet())
			.containsExactly(java.util.Set.of("apiKey"));
		assertThat(openApi.getPaths().get("/tokens").getPost().getSecurity()).extracting(requirement -> requirement.keySet())
			.containsExactly(java.util.Set.of("apiKey"), java.util.Set.of("bearer"));
	}

	@Test
	void typesWhatItAnswersAndLeavesErrorCodesOpen() {
		OpenAPI openApi = document();
		var schemas = openApi.getComponents().getSchemas();
		assertThat(((io.swagger.v3.oas.models.media.Schema<?>) schemas.get("Problem").getProperties().get("code")).getEnum()).as("a client must take codes added later").isNull();
		assertThat(schemas.get("Problem").getProperties()).containsKeys("errors", "errors_omitted", "request_id");
		assertThat(schemas).containsKeys("JwkSet", "Jwk", "Permissions").doesNotContainKey("StreamingResponseBody");
		assertThat(openApi.getPaths().get("/keys/current.pem").getGet().getResponses().get("200").getContent())
			.containsOnlyKeys("application/x-pem-file");
		assertThat(openApi.getPaths().get("/admin/audit/export").getGet().getResponses().get("200").getContent())
			.containsOnlyKeys("application/x-ndjson");
		assertThat(openApi.getPaths().get("/.well-known/jwks.json").getGet().getResponses().get("200").getContent().get("application/json")
			.getSchema().get$ref()).endsWith("/JwkSet");
		var instant = schemas.get("InstantTokenRequest");
		assertThat(io.tokenmint.support.TestApi.JSON.readTree(api.get("/v3/api-docs").body())
			.at("/components/schemas/InstantTokenRequest/additionalProperties").isBoolean()).as("unknown fields are refused, closed").isTrue();
		assertThat(io.tokenmint.support.TestApi.JSON.readTree(api.get("/v3/api-docs").body())
			.at("/components/schemas/InstantTokenRequest/additionalProperties").asBoolean()).isFalse();
		assertThat(instant.getRequired()).contains("document_id").doesNotContain("profile");
		assertThat(schemas.get("SdkUserTokenRequest").getRequired()).contains("profile");
		assertThat(schemas.get("IssuedToken").getRequired()).contains("token", "expires_at", "kid", "jti");
		assertThat(schemas.get("VerifyRequest").getRequired()).containsExactly("token");
		assertThat(schemas.get("GrantRequest").getRequired()).contains("subject", "document_id", "permissions");
		assertThat(((io.swagger.v3.oas.models.media.Schema<?>) schemas.get("SdkUserTokenRequest").getProperties().get("profile")).getEnum())
			.map(String::valueOf).containsExactlyInAnyOrder("moengage", "braze");
	}

	@Test
	void describesEveryEndpointTheServiceServes() {
		OpenAPI openApi = document();
		List<String> missing = new ArrayList<>();
		mappings.getHandlerMethods().forEach((info, method) -> {
			if (method.getBeanType().getPackageName().startsWith("io.tokenmint")) {
				for (String path : info.getPatternValues()) {
					if (path.startsWith("/console")) {
						// The console's pages are for browsers, not an API (docs/console.md).
						continue;
					}
					for (var httpMethod : info.getMethodsCondition().getMethods()) {
						PathItem item = openApi.getPaths().get(path);
						var operation = item == null ? null : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(httpMethod.name()));
						if (operation == null) {
							missing.add(httpMethod.name().toLowerCase(Locale.ROOT) + " " + path);
						}
					}
				}
			}
		});
		assertThat(missing).isEmpty();
		assertThat(openApi.getPaths()).containsKeys("/tokens", "/tokens/verify", "/.well-known/jwks.json", "/keys/current.pem",
				"/admin/clients", "/admin/grants", "/admin/keys", "/admin/audit", "/admin/audit/export");
	}

}
