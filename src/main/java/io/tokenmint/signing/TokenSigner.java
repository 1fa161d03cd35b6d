package io.tokenmint.signing;

import java.security.Provider;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;

import io.jsonwebtoken.Jwts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/** Signs a set of claims with the active key of an algorithm; the claims come ready from a token profile. */
@Component
public class TokenSigner {

	private final KeyRing keyRing;

	private final Provider engine;

	private final Map<TokenAlgorithm, Timer> timers = new EnumMap<>(TokenAlgorithm.class);

	public TokenSigner(KeyRing keyRing, SigningEngine engine, MeterRegistry meters) {
		this.keyRing = keyRing;
		this.engine = engine.provider();
		for (TokenAlgorithm algorithm : TokenAlgorithm.values()) {
			timers.put(algorithm, Timer.builder("tokenmint.signing").description("Time to build and sign one token")
				.tag("alg", algorithm.name()).register(meters));
		}
	}

	/**
	 * @param profile the profile whose token this is: it may sign from a line of keys of its own
	 * @param keyId the key the profile is bound to, or {@code null} for the profile's line
	 */
	public SignedToken sign(String profile, TokenAlgorithm algorithm, String keyId, UnsignedToken token) {
		SigningKey key = keyId == null ? keyRing.signingKey(profile, algorithm) : keyRing.dedicatedKey(keyId);
		return timers.get(algorithm).record(() -> sign(key, algorithm, token, engine));
	}

	/** @param engine the JCA provider that computes the signature, or {@code null} for the JDK's choice */
	static SignedToken sign(SigningKey key, TokenAlgorithm algorithm, UnsignedToken token, Provider engine) {
		var builder = Jwts.builder()
			.header().keyId(key.kid()).type("JWT").and()
			.id(token.jti())
			.issuedAt(Date.from(token.issuedAt()))
			.notBefore(Date.from(token.issuedAt()))
			.expiration(Date.from(token.expiresAt()));
		if (token.issuer() != null) {
			builder.issuer(token.issuer());
		}
		if (engine != null) {
			builder.provider(engine);
		}
		String compact = builder.claims(token.claims()).signWith(key.privateKey(), algorithm.jjwt()).compact();
		return new SignedToken(compact, key.kid(), algorithm, token.jti(), token.issuedAt(), token.expiresAt());
	}

	/** What a profile hands over to be signed. Times are whole seconds, as JWT NumericDates are. */
	public record UnsignedToken(String jti, Instant issuedAt, Instant expiresAt, String issuer, Map<String, ?> claims) {
	}

	/** A compact JWS and the facts about it a caller and the audit need. */
	public record SignedToken(String compact, String kid, TokenAlgorithm algorithm, String jti, Instant issuedAt,
			Instant expiresAt) {

		@Override
		public String toString() {
			// The compact form is a bearer credential: keep it out of logs.
			return "SignedToken[kid=" + kid + ", alg=" + algorithm + ", jti=" + jti + ", exp=" + expiresAt + "]";
		}

	}

}
