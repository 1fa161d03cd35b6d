package io.tokenmint.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for an app's identity provider (Keycloak, Auth0, Cognito): it publishes a JWK Set over HTTP
 * on a random local port and mints the tokens signed-in users would present.
 */
public final class TestIdentityProvider {

	public static final String ISSUER = "https://idp.test/realms/app";

	public static final String AUDIENCE = "tokenmint";

	/** One provider for the test run, so that test classes with the same settings share one service. */
	public static final TestIdentityProvider SHARED = new TestIdentityProvider();

	private final RSAKey key;

	private final HttpServer server;

	public TestIdentityProvider() {
		try {
			key = new RSAKeyGenerator(2048).keyID("idp-key-1").generate();
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/jwks", exchange -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, jwks.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(jwks);
				}
			});
			server.start();
		}
		catch (IOException | com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Points tokenmint at this provider, with the audience its tokens carry. */
	public void configure(org.springframework.test.context.DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", this::jwkSetUri);
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
		registry.add("tokenmint.users.audience", () -> AUDIENCE);
	}

	/** The same settings as {@link #configure}, for services started with {@code Replica.start}. */
	public java.util.Map<String, Object> properties() {
		return java.util.Map.of("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwkSetUri(),
				"spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER, "tokenmint.users.audience", AUDIENCE);
	}

	public String jwkSetUri() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
	}

	/** A valid token for the user, good for five minutes. */
	public String token(String subject, List<String> groups, String name) {
		return token(claims(subject, groups, name).build(), key);
	}

	public JWTClaimsSet.Builder claims(String subject, List<String> groups, String name) {
		Instant now = Instant.now();
		var claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
			.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString());
		if (groups != null) {
			claims.claim("groups", groups);
		}
		if (name != null) {
			claims.claim("name", name);
		}
		return claims;
	}

	/** The provider's public key as PEM, which an attacker knows and may try as an HMAC secret. */
	public String publicKeyPem() {
		try {
			return "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(key.toPublicKey().getEncoded())
					+ "\n-----END PUBLIC KEY-----\n";
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A token with a chosen header, signed by an attacker's own key (a jku pointing at the attacker's keys, say). */
	public String tokenWithHeader(JWSHeader header, JWTClaimsSet claims) {
		try {
			RSAKey attacker = new RSAKeyGenerator(2048).keyID(header.getKeyID()).generate();
			SignedJWT jwt = new SignedJWT(header, claims);
			jwt.sign(new RSASSASigner(attacker));
			return jwt.serialize();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String token(JWTClaimsSet claims) {
		return token(claims, key);
	}

	/** A token signed by some other key, as a forger would have to. */
	public String foreignToken(JWTClaimsSet claims) {
		try {
			return token(claims, new RSAKeyGenerator(2048).keyID("idp-key-1").generate());
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String token(JWTClaimsSet claims, RSAKey signingKey) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), claims);
			jwt.sign(new RSASSASigner(signingKey));
			return jwt.serialize();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String[] bearer(String token) {
		return new String[] { "Authorization", "Bearer " + token };
	}

}
