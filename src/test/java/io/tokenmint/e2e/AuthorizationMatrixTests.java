package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tokenmint.support.EndToEndTest;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestIdentityProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every endpoint against every kind of caller, with the status each cell must get. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTests extends EndToEndTest {

	static final TestIdentityProvider IDP = TestIdentityProvider.SHARED;

	static final String METRICS_KEY = "matrix-metrics-key-0123456789abcdef";

	@DynamicPropertySource
	static void identityProvider(DynamicPropertyRegistry registry) {
		IDP.configure(registry);
		registry.add("tokenmint.admin.metrics-key", () -> METRICS_KEY);
	}

	enum Who {

		ANONYMOUS, BAD_KEY, REVOKED_CLIENT, CLIENT_OUTSIDE_SCOPE, CLIENT, END_USER, FOREIGN_USER_TOKEN, EXPIRED_USER_TOKEN, ADMIN, MONITOR

	}

	private final Map<Who, String[]> credentials = new java.util.EnumMap<>(Who.class);

	@BeforeAll
	void callers() {
		connect();
		credentials.put(Who.ANONYMOUS, new String[0]);
		credentials.put(Who.BAD_KEY, TestApi.apiKey("tmk_not-a-key-at-all-00000000000000000000000"));
		var revoked = api.post("/admin/clients", Map.of("name", "revoked", "max_permissions", "all", "documents", List.of("*")), admin()).json();
		api.delete("/admin/clients/" + revoked.get("id"), admin());
		credentials.put(Who.REVOKED_CLIENT, TestApi.apiKey((String) revoked.get("api_key")));
		credentials.put(Who.CLIENT_OUTSIDE_SCOPE, TestApi.apiKey(createClient("all", List.of("elsewhere-*"))));
		credentials.put(Who.CLIENT, TestApi.apiKey(createClient("all", List.of("*"))));
		api.post("/admin/grants", Map.of("subject", "user:matrix-user", "document_id", "*", "layer", "*", "permissions", "all"), admin());
		credentials.put(Who.END_USER, TestIdentityProvider.bearer(IDP.token("matrix-user", List.of(), null)));
		credentials.put(Who.FOREIGN_USER_TOKEN, TestIdentityProvider.bearer(IDP.foreignToken(IDP.claims("matrix-user", null, null).build())));
		Instant past = Instant.now().minusSeconds(3600);
		credentials.put(Who.EXPIRED_USER_TOKEN, TestIdentityProvider.bearer(IDP.token(IDP.claims("matrix-user", null, null)
			.issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60))).build())));
		credentials.put(Who.ADMIN, admin());
		credentials.put(Who.MONITOR, TestApi.apiKey(METRICS_KEY));
	}

	/** Expected status for each caller, in the order of {@link Who}. */
	static Stream<Arguments> matrix() {
		return Stream.of(
				row("POST /tokens", 401, 401, 401, 403, 200, 200, 401, 401, 403, 403),
				row("POST /tokens/verify", 401, 401, 401, 200, 200, 403, 401, 401, 200, 403),
				row("GET /admin/clients", 401, 401, 401, 403, 403, 403, 401, 401, 200, 403),
				row("POST /admin/clients", 401, 401, 401, 403, 403, 403, 401, 401, 201, 403),
				row("GET /admin/grants", 401, 401, 401, 403, 403, 403, 401, 401, 200, 403),
				row("GET /admin/keys", 401, 401, 401, 403, 403, 403, 401, 401, 200, 403),
				row("GET /admin/audit", 401, 401, 401, 403, 403, 403, 401, 401, 200, 403),
				row("POST /admin/backup", 401, 401, 401, 403, 403, 403, 401, 401, 200, 403),
				row("GET /actuator/prometheus", 401, 401, 401, 403, 403, 403, 401, 401, 200, 200),
				row("GET /actuator/info", 401, 401, 401, 403, 403, 403, 401, 401, 200, 403),
				row("GET /.well-known/jwks.json", 200, 401, 401, 200, 200, 200, 401, 401, 200, 200),
				row("GET /keys/current.pem", 200, 401, 401, 200, 200, 200, 401, 401, 200, 200),
				row("GET /actuator/health/liveness", 200, 401, 401, 200, 200, 200, 401, 401, 200, 200),
				row("GET /v3/api-docs", 200, 401, 401, 200, 200, 200, 401, 401, 200, 200));
	}

	private static Arguments row(String endpoint, int... statuses) {
		return Arguments.of(endpoint, statuses);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("matrix")
	void answersEveryCallerAsExpected(String endpoint, int[] expected) {
		Map<String, Object> body = endpoint.equals("POST /tokens") ? Map.of("document_id", "matrix-doc")
				: endpoint.equals("POST /tokens/verify") ? Map.of("token", "a.b.c")
				: Map.of("name", "from-matrix", "max_permissions", "all", "documents", List.of("*"));
		StringBuilder mismatches = new StringBuilder();
		for (Who who : Who.values()) {
			String[] headers = credentials.get(who);
			var response = endpoint.startsWith("GET ") ? api.get(endpoint.substring(4), headers) : api.post(endpoint.substring(5), body, headers);
			int want = expected[who.ordinal()];
			if (response.status() != want) {
				mismatches.append(who).append(": expected ").append(want).append(", got ").append(response).append('\n');
			}
			if (response.status() >= 400) {
				assertThat(response.header("Content-Type")).as(who + " " + endpoint).startsWith("application/problem+json");
			}
		}
		assertThat(mismatches.toString()).isEmpty();
	}

	/** Prometheus sends a credential only as Authorization: on the metrics, and only there, a bearer may be an API key. */
	@org.junit.jupiter.api.Test
	void prometheusMayScrapeWithTheMetricsKeyAsABearer() {
		var scraped = api.get("/actuator/prometheus", "Authorization", "Bearer " + METRICS_KEY);
		assertThat(scraped.status()).as(scraped.toString()).isEqualTo(200);
		assertThat(api.get("/actuator/prometheus", "Authorization", "Bearer " + admin()[1]).status()).isEqualTo(200);
		var wrong = api.get("/actuator/prometheus", "Authorization", "Bearer not-the-metrics-key-0123456789");
		assertThat(wrong.status()).as(wrong.toString()).isEqualTo(401);
		assertThat(api.get("/actuator/info", "Authorization", "Bearer " + METRICS_KEY).status()).as("elsewhere a bearer is a user's token")
			.isEqualTo(401);
		var denied = api.get("/admin/keys", TestApi.apiKey(METRICS_KEY));
		assertThat(denied.json().get("detail")).isEqualTo("The metrics key reads GET /actuator/prometheus and nothing else.");
	}

}
