package io.tokenmint.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A stand-in for the operators' OpenID Connect provider (Keycloak, Entra ID, Okta): discovery, an authorization
 * endpoint that signs in whoever the test chose without asking, a token endpoint that checks the client's secret
 * and the code, and its JWK Set. It listens on 127.0.0.1 while tests reach tokenmint as localhost, so the browser
 * treats the way back as cross-site, as it is in production.
 */
public final class StandInOperatorsIdentityProvider {

	public static final String CLIENT_ID = "tokenmint-console";

	public static final String CLIENT_SECRET = "stand-in-client-secret-0123456789";

	public static final String ADMIN_GROUP = "tokenmint-admins";

	private final RSAKey key;

	private final HttpServer server;

	private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();

	private volatile String subject = "alice";

	private volatile List<String> groups = List.of(ADMIN_GROUP);

	public StandInOperatorsIdentityProvider() {
		try {
			key = new RSAKeyGenerator(2048).keyID("operators-1").generate();
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException | JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		server.createContext("/.well-known/openid-configuration", exchange -> json(exchange, 200, Map.of("issuer", issuer(),
				"authorization_endpoint", issuer() + "/authorize", "token_endpoint", issuer() + "/token", "jwks_uri", issuer() + "/jwks",
				"response_types_supported", List.of("code"), "subject_types_supported", List.of("public"),
				"id_token_signing_alg_values_supported", List.of("RS256"), "scopes_supported", List.of("openid"),
				"token_endpoint_auth_methods_supported", List.of("client_secret_basic"))));
		server.createContext("/jwks", exchange -> json(exchange, 200, new JWKSet(key.toPublicJWK()).toJSONObject()));
		server.createContext("/authorize", this::authorize);
		server.createContext("/token", this::token);
		server.start();
	}

	public String issuer() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	/** Who the next sign-in is, as the provider vouches for them. */
	public void signInAs(String nextSubject, List<String> nextGroups) {
		this.subject = nextSubject;
		this.groups = List.copyOf(nextGroups);
	}

	public void configure(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.client.registration.operators.provider", () -> "operators");
		registry.add("spring.security.oauth2.client.registration.operators.client-name", () -> "Stand-in IdP");
		registry.add("spring.security.oauth2.client.registration.operators.client-id", () -> CLIENT_ID);
		registry.add("spring.security.oauth2.client.registration.operators.client-secret", () -> CLIENT_SECRET);
		registry.add("spring.security.oauth2.client.registration.operators.scope", () -> "openid");
		registry.add("spring.security.oauth2.client.provider.operators.issuer-uri", this::issuer);
		registry.add("tokenmint.console.admin-group", () -> ADMIN_GROUP);
	}

	/** The same settings as {@link #configure}, for services started with {@code Replica.start}. */
	public Map<String, Object> properties() {
		return Map.of("spring.security.oauth2.client.registration.operators.provider", "operators",
				"spring.security.oauth2.client.registration.operators.client-name", "Stand-in IdP",
				"spring.security.oauth2.client.registration.operators.client-id", CLIENT_ID,
				"spring.security.oauth2.client.registration.operators.client-secret", CLIENT_SECRET,
				"spring.security.oauth2.client.registration.operators.scope", "openid",
				"spring.security.oauth2.client.provider.operators.issuer-uri", issuer(), "tokenmint.console.admin-group", ADMIN_GROUP);
	}

	public void stop() {
		server.stop(0);
	}

	private void authorize(HttpExchange exchange) throws IOException {
		Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
		if (!CLIENT_ID.equals(query.get("client_id")) || query.get("redirect_uri") == null || query.get("state") == null) {
			json(exchange, 400, Map.of("error", "invalid_request"));
			return;
		}
		String code = UUID.randomUUID().toString();
		Map<String, String> grant = new HashMap<>();
		grant.put("subject", subject);
		grant.put("groups", String.join(",", groups));
		grant.put("redirect_uri", query.get("redirect_uri"));
		if (query.get("nonce") != null) {
			grant.put("nonce", query.get("nonce"));
		}
		codes.put(code, grant);
		String separator = query.get("redirect_uri").contains("?") ? "&" : "?";
		exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + separator + "code=" + code + "&state="
				+ java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
		exchange.sendResponseHeaders(302, -1);
		exchange.close();
	}

	private void token(HttpExchange exchange) throws IOException {
		String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
		String presented = exchange.getRequestHeaders().getFirst("Authorization");
		if (presented == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
			json(exchange, 401, Map.of("error", "invalid_client"));
			return;
		}
		Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		Map<String, String> grant = codes.remove(body.getOrDefault("code", ""));
		if (grant == null || !"authorization_code".equals(body.get("grant_type")) || !grant.get("redirect_uri").equals(body.get("redirect_uri"))) {
			json(exchange, 400, Map.of("error", "invalid_grant"));
			return;
		}
		Date now = new Date();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer())
			.subject(grant.get("subject"))
			.audience(CLIENT_ID)
			.issueTime(now)
			.expirationTime(new Date(now.getTime() + 300_000))
			.claim("preferred_username", grant.get("subject"))
			.claim("groups", grant.get("groups").isEmpty() ? List.of() : List.of(grant.get("groups").split(",")));
		if (grant.get("nonce") != null) {
			claims.claim("nonce", grant.get("nonce"));
		}
		try {
			SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
			idToken.sign(new RSASSASigner(key));
			json(exchange, 200, Map.of("access_token", UUID.randomUUID().toString(), "token_type", "Bearer", "expires_in", 300,
					"scope", "openid", "id_token", idToken.serialize()));
		}
		catch (JOSEException ex) {
			json(exchange, 500, Map.of("error", "server_error"));
		}
	}

	private static Map<String, String> form(String raw) {
		Map<String, String> values = new HashMap<>();
		if (raw == null || raw.isEmpty()) {
			return values;
		}
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return values;
	}

	private static void json(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
		byte[] bytes = JSONObjectUtils.toJSONString(new HashMap<>(body)).getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
