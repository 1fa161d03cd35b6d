package io.tokenmint.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.support.AnyText;
import io.tokenmint.support.ConsoleSession;
import io.tokenmint.support.Replica;
import io.tokenmint.support.TestApi;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every console form and query, signed in, filled from all of Unicode at each length limit and with raw bytes that
 * are no UTF-8, while an honest client keeps asking for tokens: never a 5xx, errors as a page or problem+json
 * with a documented code, and every honest request answered with a token.
 */
class HostileConsoleFormsTests {

	private static final String ADMIN_KEY = "hostile-console-admin-key-0123456789";

	private static final Set<String> CODES = Arrays.stream(ProblemCode.values()).map(Enum::name).collect(Collectors.toSet());

	/** Each form or query and the fields it reads. */
	private static final Map<String, List<String>> FORMS = Map.of(
			"POST /console/clients", List.of("name", "profiles", "documents", "allPermissions", "permissions", "maxExpiresIn", "maySetPassword"),
			"POST /console/grants", List.of("subject", "documentId", "layer", "allPermissions", "permissions", "collaborationPermissions",
					"defaultGroup", "maxExpiresIn", "profiles"),
			"POST /console/consumers", List.of("type", "name", "url", "apiToken", "required"),
			"POST /console/consumers/rotate", List.of("line", "emergency", "overrideConsumers"),
			"POST /console/inspect", List.of("token", "profile", "identifier"),
			"GET /console/audit", List.of("kind", "subject", "document", "outcome", "since", "until", "cursor"),
			"GET /console/audit/export", List.of("kind", "subject", "document", "outcome", "since", "until"),
			"GET /console/grants", List.of("subject", "document"));

	private static Replica service;

	private static ConsoleSession console;

	private static String clientKey;

	@BeforeContainer
	static void start() throws Exception {
		var dir = Files.createTempDirectory("tokenmint-hostile-console");
		Map<String, Object> properties = Replica.settings(dir, ADMIN_KEY);
		properties.put("spring.datasource.url", "jdbc:h2:mem:hostile-console;DB_CLOSE_DELAY=-1");
		properties.put("tokenmint.rate-limit.enabled", "false");
		service = Replica.start(properties);
		console = new ConsoleSession(service.port()).signIn(ADMIN_KEY);
		clientKey = (String) service.api().post("/admin/clients", Map.of("name", "honest", "max_permissions", "all",
				"documents", List.of("*")), TestApi.apiKey(ADMIN_KEY)).json().get("api_key");
	}

	@AfterContainer
	static void stop() {
		service.close();
	}

	/** A form field's value: any text (url-encoded as UTF-8), at a limit, or raw percent-encoded bytes. */
	@Provide
	Arbitrary<String> encodedValues() {
		Arbitrary<String> text = Arbitraries.oneOf(AnyText.upTo(40), AnyText.atALimit(),
				Arbitraries.of("all", "true", "false", "instant", "RS256", "user:alice", "webhook", "http://127.0.0.1:1/", "-1",
						"99999999999999999999", "2026-13-45T99:99", "", " "))
			.map(value -> URLEncoder.encode(value, StandardCharsets.UTF_8));
		Arbitrary<String> bytes = Arbitraries.bytes().list().ofMaxSize(30)
			.map(list -> list.stream().map(b -> String.format("%%%02X", b & 0xFF)).collect(Collectors.joining()));
		return Arbitraries.oneOf(text, text, bytes);
	}

	@Provide
	Arbitrary<String> requests() {
		return Arbitraries.of(FORMS.keySet()).flatMap(form -> {
			Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.of(FORMS.get(form)), Arbitraries.of(FORMS.get(form)),
					AnyText.upTo(8).map(name -> URLEncoder.encode(name, StandardCharsets.UTF_8)));
			return Combinators.combine(field, encodedValues()).as((name, value) -> name + "=" + value).list().ofMaxSize(8)
				.map(pairs -> form + " " + String.join("&", pairs));
		});
	}

	@Property(tries = 250)
	void consoleFormsNeverFailWhileHonestClientsGetTokens(@ForAll("requests") String request) {
		CompletableFuture<TestApi.Response> honest = CompletableFuture.supplyAsync(() -> service.api()
			.post("/tokens", Map.of("document_id", "doc-1", "user_id", "alice"), TestApi.apiKey(clientKey)));
		String method = request.substring(0, request.indexOf(' '));
		String rest = request.substring(request.indexOf(' ') + 1);
		String path = rest.substring(0, rest.indexOf(' '));
		String body = rest.substring(rest.indexOf(' ') + 1);
		HttpResponse<String> answer;
		if (method.equals("GET")) {
			answer = console.get(path + "?" + body);
		}
		else {
			console.get("/console/inspect");
			answer = console.postRaw(path, body + "&_csrf=" + URLEncoder.encode(console.csrfToken(), StandardCharsets.UTF_8));
		}
		assertThat(answer.statusCode()).as(request).isLessThan(500);
		String type = answer.headers().firstValue("Content-Type").orElse("");
		if (answer.statusCode() == 403 && type.startsWith("text/html")) {
			assertThat(answer.body()).as(request).contains("id=\"denied\"");
		}
		else if (answer.statusCode() >= 400) {
			assertThat(type).as(request).startsWith("application/problem+json");
			assertThat(answer.body()).as(request).containsPattern("\"code\":\"(" + String.join("|", CODES) + ")\"");
		}
		else if (answer.statusCode() == 200 && !path.endsWith("/export")) {
			assertThat(type).as(request).startsWith("text/html");
		}
		TestApi.Response token = honest.join();
		assertThat(token.status()).as(token.toString()).isEqualTo(200);
	}

}
