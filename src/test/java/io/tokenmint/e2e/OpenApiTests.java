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
