package io.tokenmint.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client against the started service, so tests see exactly what callers see. */
public final class TestApi {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public TestApi(int port) {
		this.base = "http://localhost:" + port;
	}

	public String base() {
		return base;
	}

	public Response get(String path, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
	}

	public Response delete(String path, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), headers);
	}

	/** POSTs a JSON body given as a string (sent as is) or as an object (serialised). */
	public Response post(String path, Object body, String... headers) {
		return withBody("POST", path, body, headers);
	}

	/** PATCHes a JSON body, as {@link #post} sends one. */
	public Response patch(String path, Object body, String... headers) {
		return withBody("PATCH", path, body, headers);
	}

	private Response withBody(String method, String path, Object body, String... headers) {
		String text = body instanceof String s ? s : JSON.writeValueAsString(body);
		var builder = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.ofString(text));
		boolean hasContentType = false;
		for (int i = 0; i < headers.length; i += 2) {
			hasContentType |= headers[i].equalsIgnoreCase("Content-Type");
		}
		if (!hasContentType) {
			builder.header("Content-Type", "application/json");
		}
		return send(builder, headers);
	}

	private Response send(HttpRequest.Builder builder, String... headers) {
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		try {
			HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().map(), response.body());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A token for document {@code d}, issued to the client with this key; anything but 200 fails the caller. */
	public String issuedToken(String clientKey) {
		Response answer = post("/tokens", Map.of("document_id", "d"), apiKey(clientKey));
		if (answer.status() != 200) {
			throw new AssertionError("expected a token, got " + answer);
		}
		return (String) answer.json().get("token");
	}

	public static String[] apiKey(String key) {
		return new String[] { "X-Api-Key", key };
	}

	/** An answer, with helpers to read its JSON body. */
	public record Response(int status, Map<String, List<String>> headers, String body) {

		@SuppressWarnings("unchecked")
		public Map<String, Object> json() {
			return JSON.readValue(body, Map.class);
		}

		@SuppressWarnings("unchecked")
		public List<Map<String, Object>> jsonList() {
			return JSON.readValue(body, List.class);
		}

		public String header(String name) {
			return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
				.map(e -> e.getValue().get(0)).orElse(null);
		}

		public String code() {
			return (String) json().get("code");
		}

		@Override
		public String toString() {
			return status + " " + body;
		}

	}

}
