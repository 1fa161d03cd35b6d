package io.tokenmint.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.support.Replica;
import io.tokenmint.support.TestApi;

/**
 * Arbitrary JSON values, types, nesting, Unicode (NUL, bidi controls, unpaired surrogates, long strings),
 * duplicate keys, huge numbers and arbitrary header values, against every endpoint that takes input.
 * Invariants: never a 5xx, never a token for an invalid request, always problem+json with a documented code,
 * and the service still answers a valid request afterwards.
 */
class HostileInputTests {

	private static final String ADMIN_KEY = "hostile-admin-key-0123456789abcdef";

	private static final Set<String> CODES = Arrays.stream(ProblemCode.values()).map(Enum::name).collect(Collectors.toSet());

	private static final List<String> FIELDS = List.of("document_id", "layer", "user_id", "permissions", "creator_name", "group",
			"collaboration_permissions", "password", "expires_in", "profile", "token", "name", "max_permissions", "documents",
			"max_expires_in", "may_set_password", "profiles", "subject", "default_group", "exp", "sub", "iss");

	private static final List<String> ENDPOINTS = List.of("/tokens", "/tokens/verify", "/admin/clients", "/admin/grants");

	private static Replica service;

	private static String clientKey;

	@BeforeContainer
	static void start() throws Exception {
		var dir = Files.createTempDirectory("tokenmint-hostile");
		Map<String, Object> properties = Replica.settings(dir, ADMIN_KEY);
		properties.put("spring.datasource.url", "jdbc:h2:mem:hostile;DB_CLOSE_DELAY=-1");
		properties.put("tokenmint.rate-limit.enabled", "false");
		service = Replica.start(properties);
		clientKey = (String) service.api().post("/admin/clients", Map.of("name", "hostile", "max_permissions", "all",
				"documents", List.of("*"), "may_set_password", true), TestApi.apiKey(ADMIN_KEY)).json().get("api_key");
	}

	@AfterContainer
	static void stop() {
		service.close();
	}

	@Provide
	Arbitrary<String> nastyStrings() {
		return Arbitraries.oneOf(
				Arbitraries.strings().all().ofMaxLength(40),
				Arbitraries.strings().withChars('\u0000', '\u202E', '\u2066', '\uD800', '\uDFFF', '\uFFFF', '\n', '"', '\\', '/', '~', 'a')
					.ofMaxLength(12),
				// Around the fields' limits (256 characters, 1024 for a password) and the body's (64 KiB): a long string
				// anywhere between costs its generation and adds no boundary, and dominated the suite's time.
				Arbitraries.strings().alpha().ofMinLength(250).ofMaxLength(1100),
				Arbitraries.of("b".repeat(64 * 1024 - 40), "c".repeat(70_000)),
				Arbitraries.of("all", "read-document", "write", "annotations:view:all", "form-fields:fill:self", "instant", "moengage",
						"user:alice", "group:x", "*", "contracts-*", "", " "));
	}

	@Provide
	Arbitrary<Object> jsonValues() {
		return Arbitraries.recursive(() -> Arbitraries.oneOf(nastyStrings().map(s -> (Object) s),
				Arbitraries.longs().map(n -> (Object) n),
				Arbitraries.bigIntegers().between(new java.math.BigInteger("-1" + "0".repeat(40)), new java.math.BigInteger("1" + "0".repeat(40)))
					.map(n -> (Object) n),
				Arbitraries.doubles().map(d -> (Object) d), Arbitraries.of(true, false).map(b -> (Object) b),
				Arbitraries.just(null)),
				this::containerOf, 4);
	}

	private Arbitrary<Object> containerOf(Arbitrary<Object> element) {
		return Arbitraries.oneOf(element.list().ofMaxSize(5).map(list -> (Object) list),
				Combinators.combine(Arbitraries.oneOf(Arbitraries.of(FIELDS), nastyStrings()), element).as(java.util.AbstractMap.SimpleEntry::new).list().ofMaxSize(6)
					.map(entries -> {
						Map<String, Object> map = new LinkedHashMap<>();
						entries.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
						return (Object) map;
					}));
	}

	@Provide
	Arbitrary<String> bodies() {
		Arbitrary<String> serialized = jsonValues().map(value -> {
			try {
				return TestApi.JSON.writeValueAsString(value);
			}
			catch (RuntimeException unwritable) {
				return "{}";
			}
		});
		Arbitrary<String> raw = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(200),
				Arbitraries.integers().between(1, 5000).map(depth -> "[".repeat(depth) + "]".repeat(depth)),
				Arbitraries.integers().between(1, 3000).map(depth -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)),
				Arbitraries.of(FIELDS).map(field -> "{\"document_id\":\"d\",\"" + field + "\":1,\"" + field + "\":2}"),
				Arbitraries.of("{\"document_id\":\"d\",\"expires_in\":1" + "0".repeat(400) + "}",
						"{\"document_id\":\"d\",\"expires_in\":1e999999}", "{\"document_id\":\"\\ud800\"}",
						"{\"document_id\":\"d\"}garbage", "\uFEFF{\"document_id\":\"d\"}", "{\"document_id\":\"d\"", "null", "\"\"", "0"));
		return Arbitraries.oneOf(serialized, serialized, raw);
	}

	private static void assertWellBehaved(TestApi.Response response) {
		assertThat(response.status()).as(response.toString()).isLessThan(500);
		if (response.status() >= 400) {
			assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
			assertThat(response.code()).as(response.toString()).isIn(CODES);
			assertThat(response.body()).doesNotContain("\"token\":\"ey");
		}
	}

	@Property(tries = 200)
	void arbitraryBodiesNeverBreakTheService(@ForAll("bodies") String body, @ForAll("endpoints") String endpoint) {
		String[] key = endpoint.startsWith("/admin") ? TestApi.apiKey(ADMIN_KEY) : TestApi.apiKey(clientKey);
		var response = service.api().post(endpoint, body, key);
		assertWellBehaved(response);
		if (response.status() == 200 && endpoint.equals("/tokens")) {
			// A token for a request is only acceptable when the request was valid: it must verify cleanly.
			var report = service.api().post("/tokens/verify", Map.of("token", response.json().get("token")), TestApi.apiKey(clientKey));
			assertThat(report.json()).as(body).containsEntry("valid", true);
		}
	}

	@Provide
	Arbitrary<String> endpoints() {
		return Arbitraries.of(ENDPOINTS);
	}

	/** Printable values through a real HTTP client; UnicodeEverywhereProperties sends any bytes raw. */
	@Property(tries = 60)
	void arbitraryHeaderValuesNeverBreakTheService(@ForAll("headerNames") String name,
			@ForAll("headerValues") String value, @ForAll("anyEndpoint") String endpoint) {
		List<String> headers = new ArrayList<>(List.of(name, value));
		var response = endpoint.startsWith("GET ") ? service.api().get(endpoint.substring(4), headers.toArray(String[]::new))
				: service.api().post(endpoint.substring(5), "{\"document_id\":\"d\"}", headers.toArray(String[]::new));
		assertWellBehaved(response);
	}

	@Provide
	Arbitrary<String> headerNames() {
		return Arbitraries.of("X-Api-Key", "Authorization", "Content-Type", "Accept", "X-Request-Id", "Origin", "User-Agent",
				"Accept-Language", "X-Forwarded-For", "Content-Encoding", "If-None-Match");
	}

	@Provide
	Arbitrary<String> headerValues() {
		// Visible ASCII and tabs: what an HTTP client will put on the wire; other bytes are refused before sending.
		return Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(300),
				Arbitraries.of("Bearer ", "Bearer x.y.z", "Bearer eyJhbGciOiJub25lIn0.e30.", "application/jwt;q=abc", "*/*;q=-1",
						"gzip", "application/json; charset=nope", "tmk_", "a".repeat(7000)));
	}

	@Provide
	Arbitrary<String> anyEndpoint() {
		return Arbitraries.of("POST /tokens", "POST /tokens/verify", "POST /admin/clients", "GET /admin/clients", "GET /admin/audit",
				"GET /admin/keys", "GET /.well-known/jwks.json", "GET /keys/current.pem", "GET /actuator/health/readiness",
				"GET /v3/api-docs", "GET /nope");
	}

	@Property(tries = 1)
	void stillIssuesValidTokensAfterAllThat() {
		var response = service.api().post("/tokens", Map.of("document_id", "after-the-storm"), TestApi.apiKey(clientKey));
		assertThat(response.status()).isEqualTo(200);
	}

}
