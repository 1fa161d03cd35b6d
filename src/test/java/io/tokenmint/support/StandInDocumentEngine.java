package io.tokenmint.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Document Engine secrets API as Nutrient documents it: {@code POST /api/secrets/jwt} with
 * {@code {"secret": <PEM>, "expiresAt": <ISO 8601>}} and {@code Authorization: Token token="..."} adds a public
 * key that is trusted until it expires; {@code GET} on the same path lists the unexpired ones. It checks
 * every token it is shown with the keys it was given, as Document Engine does when an SDK connects.
 */
public final class StandInDocumentEngine implements AutoCloseable {

	public enum Mode {
		/** Answers as documented. */
		UP,
		/** Answers 500 to every secrets request. */
		FAILING,
		/** Accepts the connection and never answers (until told otherwise). */
		HANGING,
		/** Closes every connection without an answer, as a Document Engine going away does. */
		GONE
	}

	public record Secret(String pem, Instant expiresAt) {
	}

	private final String token;

	private final List<Secret> secrets = new CopyOnWriteArrayList<>();

	private final AtomicInteger verified = new AtomicInteger();

	private final List<String> failures = new CopyOnWriteArrayList<>();

	private final AtomicInteger posts = new AtomicInteger();

	private final AtomicInteger hanging = new AtomicInteger();

	private volatile Mode mode = Mode.UP;

	private HttpServer server;

	private int port;

	/** Whose time decides whether a key or a token has expired: the service's, when a test moves it. */
	private final java.time.Clock clock;

	public StandInDocumentEngine(String token) {
		this(token, java.time.Clock.systemUTC());
	}

	public StandInDocumentEngine(String token, java.time.Clock clock) {
		this.token = token;
		this.clock = clock;
		start(0);
	}

	private void start(int onPort) {
		try {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 50);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		server.createContext("/api/secrets/jwt", this::secrets);
		server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		server.start();
		port = server.getAddress().getPort();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	public void mode(Mode mode) {
		this.mode = mode;
	}

	/** Requests that arrived while it was hanging. */
	public int hangingRequests() {
		return hanging.get();
	}

	public int posts() {
		return posts.get();
	}

	public List<Secret> secrets() {
		return List.copyOf(secrets);
	}

	/** The keys it trusts now, as base64 DER, so that PEM line breaks do not matter. */
	public Set<String> trustedNow() {
		Instant now = clock.instant();
		return secrets.stream().filter(secret -> now.isBefore(secret.expiresAt())).map(secret -> der(secret.pem())).collect(Collectors.toSet());
	}

	/** Checks a token as Document Engine would: a signature by one of the keys it trusts now, and not expired. */
	public boolean verify(String jwt) {
		try {
			SignedJWT parsed = SignedJWT.parse(jwt);
			Date expiry = parsed.getJWTClaimsSet().getExpirationTime();
			if (expiry == null || expiry.toInstant().isBefore(clock.instant())) {
				failures.add("expired or no exp: " + parsed.getHeader().getKeyID());
				return false;
			}
			Instant now = clock.instant();
			for (Secret secret : secrets) {
				if (now.isBefore(secret.expiresAt()) && verifiesWith(parsed, secret)) {
					verified.incrementAndGet();
					return true;
				}
			}
			failures.add("no trusted key verifies a token of kid " + parsed.getHeader().getKeyID());
			return false;
		}
		catch (Exception ex) {
			failures.add(ex.toString());
			return false;
		}
	}

	public int verifiedCount() {
		return verified.get();
	}

	public List<String> failures() {
		return List.copyOf(failures);
	}

	private void secrets(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (mode == Mode.HANGING) {
				hanging.incrementAndGet();
				while (mode == Mode.HANGING) {
					sleep(50);
				}
			}
			if (mode == Mode.GONE) {
				// Closing the exchange before any response makes the client see the connection drop.
				return;
			}
			if (mode == Mode.FAILING) {
				respond(exchange, 500, "{\"error\":\"internal\"}");
				return;
			}
			if (!("Token token=\"" + token + "\"").equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				respond(exchange, 401, "{\"error\":\"unauthorized\"}");
				return;
			}
			if ("POST".equals(exchange.getRequestMethod())) {
				posts.incrementAndGet();
				Map<String, Object> body;
				try (InputStream in = exchange.getRequestBody()) {
					body = TestApi.JSON.readValue(in.readAllBytes(), Map.class);
				}
				Object pem = body.get("secret");
				Object expires = body.get("expiresAt");
				Instant expiresAt;
				try {
					expiresAt = Instant.parse(String.valueOf(expires));
					publicKey(String.valueOf(pem));
				}
				catch (Exception ex) {
					respond(exchange, 400, "{\"error\":\"invalid secret or expiresAt\"}");
					return;
				}
				if (!expiresAt.isAfter(clock.instant())) {
					respond(exchange, 400, "{\"error\":\"expiresAt must lie in the future\"}");
					return;
				}
				secrets.add(new Secret(String.valueOf(pem), expiresAt));
				respond(exchange, 200, TestApi.JSON.writeValueAsString(Map.of("data", Map.of("expiresAt", expiresAt.toString()))));
				return;
			}
			if ("GET".equals(exchange.getRequestMethod())) {
				Instant now = clock.instant();
				List<Map<String, Object>> listed = new ArrayList<>();
				for (Secret secret : secrets) {
					if (now.isBefore(secret.expiresAt())) {
						Map<String, Object> item = new LinkedHashMap<>();
						item.put("secret", secret.pem());
						item.put("expiresAt", secret.expiresAt().toString());
						listed.add(item);
					}
				}
				respond(exchange, 200, TestApi.JSON.writeValueAsString(Map.of("data", listed)));
				return;
			}
			respond(exchange, 405, "{}");
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	static String der(String pem) {
		return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
	}

	/** Parses an SPKI PEM of either kind, as Document Engine accepts RSA and EC keys. */
	static PublicKey publicKey(String pem) throws Exception {
		try {
			return IndependentVerifier.parsePem(pem, "RSA");
		}
		catch (java.security.spec.InvalidKeySpecException notRsa) {
			return IndependentVerifier.parsePem(pem, "EC");
		}
	}

	private static boolean verifiesWith(SignedJWT token, Secret secret) {
		try {
			IndependentVerifier.verifyWithPem(token.serialize(), secret.pem());
			return true;
		}
		catch (AssertionError otherKey) {
			return false;
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		mode = Mode.UP;
		server.stop(0);
	}

}
