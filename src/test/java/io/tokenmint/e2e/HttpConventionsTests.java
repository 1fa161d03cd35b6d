package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.tokenmint.support.EndToEndTest;
import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.Test;

/**
 * The HTTP conventions caches, CDNs, monitors, browsers and generic clients rely on: HEAD wherever GET is public,
 * OPTIONS answered, 405 with Allow, 415 for an encoded body, an ETag and 304 on the public keys, and compression
 * of larger answers for clients that ask.
 */
class HttpConventionsTests extends EndToEndTest {

	private final HttpClient http = HttpClient.newHttpClient();

	private HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path)).method(method, HttpRequest.BodyPublishers.noBody());
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	@Test
	void headIsAnsweredWhereverGetIsPublicWithGetsHeadersAndNoBody() throws Exception {
		for (String path : List.of("/.well-known/jwks.json", "/keys/current.pem", "/keys/profiles/instant.pem", "/actuator/health",
				"/v3/api-docs")) {
			var get = send("GET", path);
			var head = send("HEAD", path);
			assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(get.statusCode()).isEqualTo(200);
			assertThat(head.body()).as("HEAD " + path).isEmpty();
			assertThat(head.headers().firstValue("Content-Type")).as(path).isEqualTo(get.headers().firstValue("Content-Type"));
		}
		assertThat(send("HEAD", "/admin/keys").statusCode()).as("what GET keeps to the admin, HEAD does too").isEqualTo(401);
	}

	@Test
	void optionsSaysWhichMethodsAPathTakes() throws Exception {
		var tokens = send("OPTIONS", "/tokens");
		assertThat(tokens.statusCode()).isEqualTo(200);
		assertThat(tokens.headers().firstValue("Allow").orElse("")).contains("POST");
		var jwks = send("OPTIONS", "/.well-known/jwks.json");
		assertThat(jwks.headers().firstValue("Allow").orElse("")).contains("GET").doesNotContain("POST");
		assertThat(jwks.body()).isEmpty();
	}

	@Test
	void anotherMethodOnAPathThatExistsIs405WithAllow() throws Exception {
		for (var call : Map.of("GET", "/tokens", "PUT", "/tokens/verify", "DELETE", "/keys/current.pem", "POST", "/.well-known/jwks.json")
			.entrySet()) {
			var answer = send(call.getKey(), call.getValue());
			String where = call.getKey() + " " + call.getValue();
			assertThat(answer.statusCode()).as(where).isEqualTo(405);
			assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(where).startsWith("application/problem+json");
			assertThat(new String(answer.body(), StandardCharsets.UTF_8)).as(where).contains("\"code\":\"METHOD_NOT_ALLOWED\"");
			assertThat(answer.headers().firstValue("Allow")).as(where).isPresent();
		}
		assertThat(send("GET", "/tokens").headers().firstValue("Allow").orElse("")).contains("POST");
		assertThat(send("DELETE", "/keys/current.pem").headers().firstValue("Allow").orElse("")).contains("GET");
	}

	@Test
	void anEncodedBodyIs415NotMalformedJson() throws Exception {
		String client = createClient("all", List.of("*"));
		ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
			gzip.write("{\"document_id\":\"d\"}".getBytes(StandardCharsets.UTF_8));
		}
		var answer = http.send(HttpRequest.newBuilder(URI.create(api.base() + "/tokens"))
			.POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray()))
			.header("Content-Type", "application/json")
			.header("Content-Encoding", "gzip")
			.header("X-Api-Key", client)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(415);
		assertThat(answer.body()).contains("\"code\":\"UNSUPPORTED_MEDIA_TYPE\"").contains("Content-Encoding");
		var plain = api.post("/tokens", Map.of("document_id", "d"), "X-Api-Key", client, "Content-Encoding", "identity");
		assertThat(plain.status()).as("identity is no encoding").isEqualTo(200);
	}

	@Test
	void thePublicKeysCarryAnETagAndAnswer304WhileUnchanged() throws Exception {
		for (String path : List.of("/.well-known/jwks.json", "/keys/current.pem")) {
			var first = send("GET", path);
			String etag = first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag on " + path));
			var again = send("GET", path, "If-None-Match", etag);
			assertThat(again.statusCode()).as(path).isEqualTo(304);
			assertThat(again.body()).isEmpty();
			assertThat(send("GET", path, "If-None-Match", "\"something-else\"").statusCode()).as(path).isEqualTo(200);
		}
	}

	@Test
	void largerAnswersAreCompressedForClientsThatAsk() throws Exception {
		var plain = send("GET", "/v3/api-docs");
		var compressed = send("GET", "/v3/api-docs", "Accept-Encoding", "gzip");
		assertThat(compressed.headers().firstValue("Content-Encoding")).contains("gzip");
		assertThat(compressed.body().length).isLessThan(plain.body().length / 3);
		try (GZIPInputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(compressed.body()))) {
			assertThat(TestApi.JSON.readTree(gunzip.readAllBytes())).isEqualTo(TestApi.JSON.readTree(plain.body()));
		}
		assertThat(plain.headers().firstValue("Content-Encoding")).as("only when asked").isEmpty();
	}

}
