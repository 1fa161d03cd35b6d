package io.tokenmint.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The console over plain HTTP, as a browser would use it, for tests that look at status codes and headers: a
 * cookie jar, the CSRF token read from the last page, forms posted url-encoded. Redirects are not followed.
 */
public final class ConsoleSession {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final int port;

	private final CookieManager cookies;

	private final HttpClient http;

	private String csrf = "";

	public ConsoleSession(int port) {
		this(port, new CookieManager());
	}

	private ConsoleSession(int port, CookieManager cookies) {
		this.port = port;
		this.cookies = cookies;
		this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5)).build();
	}

	/** The same browser (its cookies are per host, as a browser's are) talking to another replica on this host. */
	public ConsoleSession on(int otherPort) {
		return new ConsoleSession(otherPort, cookies);
	}

	/** Fetches an absolute address, such as where a redirect points. */
	public HttpResponse<String> getUrl(String url) {
		return remember(send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build()));
	}

	/** Signs in with the admin key; fails unless the answer is the redirect to the overview. */
	public ConsoleSession signIn(String adminKey) {
		get("/console/sign-in");
		HttpResponse<String> answer = post("/console/sign-in", Map.of("admin_key", adminKey));
		if (answer.statusCode() != 302 || !answer.headers().firstValue("Location").orElse("").endsWith("/console")) {
			throw new AssertionError("sign-in refused: " + answer.statusCode() + " " + answer.headers().map());
		}
		return this;
	}

	public HttpResponse<String> get(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
		if (headers.length > 0) {
			request.headers(headers);
		}
		return remember(send(request.build()));
	}

	/** Posts the form with the CSRF token of the last page fetched. */
	public HttpResponse<String> post(String path, Map<String, String> fields) {
		return postRaw(path, encode(fields) + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8));
	}

	/** Posts an already url-encoded body exactly as given, CSRF token and all (or none), with any extra headers. */
	public HttpResponse<String> postRaw(String path, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return remember(send(request.build()));
	}

	/** Posts the form with the CSRF token of the last page fetched, and these headers (a User-Agent, say). */
	public HttpResponse<String> postWith(String path, Map<String, String> fields, String... headers) {
		return postRaw(path, encode(fields) + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8), headers);
	}

	public String csrfToken() {
		return csrf;
	}

	public List<HttpCookie> cookies() {
		return cookies.getCookieStore().getCookies();
	}

	public static String encode(Map<String, String> fields) {
		return fields.entrySet().stream()
			.map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private HttpResponse<String> remember(HttpResponse<String> answer) {
		Matcher token = CSRF.matcher(answer.body());
		if (token.find()) {
			csrf = token.group(1);
		}
		return answer;
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
