package io.tokenmint.token;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.io.Decoders;
import io.jsonwebtoken.security.SignatureException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.profile.Finding;
import io.tokenmint.profile.Findings;
import io.tokenmint.profile.TokenFacts;
import io.tokenmint.profile.TokenProfile;
import io.tokenmint.profile.TokenProfiles;
import io.tokenmint.profile.VerifyCheck;
import io.tokenmint.signing.KeyRing;
import io.tokenmint.signing.SigningKey;
import io.tokenmint.signing.TokenAlgorithm;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Checks a token the way its consumer would, and stricter: the signature against our published keys only,
 * the key a profile is bound to, the times with a small leeway, issuer and audience, then the profile's own
 * checks, reported in the consumer's terms where it has them. Reports everything found rather than the first
 * problem, and never shows the {@code password} claim.
 */
@Component
class TokenVerifier {

	/** Headers that ask the verifier to fetch or trust a key from elsewhere; we never do. */
	private static final Set<String> KEY_REFERENCE_HEADERS = Set.of("jku", "x5u", "jwk", "x5c");

	/** Past any plausible NumericDate; larger values are refused rather than wrapped into a long. */
	private static final double MAX_NUMERIC_DATE = 1e13;

	private final KeyRing keyRing;

	private final TokenProfiles profiles;

	private final JsonMapper json;

	private final Duration leeway;

	private final Clock clock;

	@Autowired
	TokenVerifier(KeyRing keyRing, TokenProfiles profiles, JsonMapper json, TokenmintProperties properties, Clock clock) {
		this(keyRing, profiles, json, properties.verifyLeeway(), clock);
	}

	TokenVerifier(KeyRing keyRing, TokenProfiles profiles, JsonMapper json, Duration leeway, Clock clock) {
		this.keyRing = keyRing;
		this.profiles = profiles;
		this.json = json;
		this.leeway = leeway;
		this.clock = clock;
	}

	/**
	 * @param requestedProfile the profile whose rules apply, or {@code null} to infer it from the claims
	 * @param identifier the identifier the app will pass to the consumer's SDK, checked against {@code sub}
	 */
	Report verify(String token, @Nullable String requestedProfile, @Nullable String identifier) {
		TokenProfile<?> chosen = requestedProfile == null ? null : profiles.find(requestedProfile)
			.orElseThrow(() -> new InvalidRequest(ProblemCode.UNKNOWN_PROFILE, "/profile", "not a profile this service offers"));
		Findings findings = new Findings();
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			findings.problem(VerifyCheck.MALFORMED_TOKEN, parts.length == 5 ? "encrypted tokens (JWE) are not issued here"
					: "a signed JWT has three dot-separated parts");
			return Report.of(null, null, null, findings);
		}
		Map<String, Object> header = decode(parts[0]);
		Map<String, Object> claims = decode(parts[1]);
		if (header == null || claims == null) {
			findings.problem(VerifyCheck.MALFORMED_TOKEN, (header == null ? "header" : "payload") + " is not base64url-encoded JSON object");
			return Report.of(null, header, masked(claims), findings);
		}
		TokenProfile<?> profile = chosen != null ? chosen : profiles.recognise(claims);
		checkSignature(token, header, findings);
		checkKeyBinding(header, profile, findings);
		checkTimes(claims, findings);
		checkIssuer(claims, profile.issuer(), findings);
		checkAudience(claims, profile.audience(), findings);
		profile.check(new TokenFacts(header, claims, identifier), findings);
		Findings translated = new Findings();
		findings.problems().stream().map(profile::inConsumerTerms).forEach(f -> translated.problem(f.code(), f.message()));
		findings.warnings().forEach(f -> translated.warning(f.code(), f.message()));
		return Report.of(profile.name(), header, masked(claims), translated);
	}

	/** A profile bound to a key accepts that key only; a key bound to one profile signs for no other. */
	private void checkKeyBinding(Map<String, Object> header, TokenProfile<?> profile, Findings findings) {
		if (!(header.get("kid") instanceof String kid)) {
			return;
		}
		if (profile.keyId() != null && !profile.keyId().equals(kid)) {
			findings.problem(VerifyCheck.KEY_NOT_FOR_PROFILE, "profile " + profile.name() + " is signed by its own key only");
		}
		else if (profile.keyId() == null && keyRing.isDedicated(kid)) {
			findings.problem(VerifyCheck.KEY_NOT_FOR_PROFILE, "key " + kid + " signs another profile's tokens");
		}
		else if (keyRing.profileOf(kid).filter(owner -> !owner.equals(profile.name())).isPresent()) {
			findings.problem(VerifyCheck.KEY_NOT_FOR_PROFILE, "key " + kid + " belongs to another profile's own keys");
		}
		keyRing.profilesSharingAKey().values().stream()
			.filter(sharing -> sharing.contains(profile.name()))
			.findFirst()
			.ifPresent(sharing -> findings.warning(VerifyCheck.KEY_SHARED_WITH_PROFILES, "profiles " + sharing + " sign with the same key: "
					+ "a consumer that does not check aud accepts a token of any of them as its own"));
	}

	private static void checkIssuer(Map<String, Object> claims, @Nullable String expected, Findings findings) {
		if (expected != null && !expected.equals(claims.get("iss"))) {
			findings.problem(VerifyCheck.ISSUER_MISMATCH, "iss is not " + expected);
		}
	}

	/** A profile without an audience takes no token that names one: such a token was meant for another consumer. */
	private static void checkAudience(Map<String, Object> claims, @Nullable String audience, Findings findings) {
		Object aud = claims.get("aud");
		if (audience == null) {
			if (aud != null) {
				findings.problem(VerifyCheck.AUDIENCE_MISMATCH, "aud names a consumer; this profile's tokens carry none");
			}
			return;
		}
		boolean matches = audience.equals(aud) || (aud instanceof List<?> list && list.contains(audience));
		if (!matches) {
			findings.problem(VerifyCheck.AUDIENCE_MISMATCH, "aud is not " + audience);
		}
	}

	private @Nullable Map<String, Object> decode(String part) {
		try {
			return json.readValue(Decoders.BASE64URL.decode(part), new TypeReference<Map<String, Object>>() { });
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private void checkSignature(String token, Map<String, Object> header, Findings findings) {
		Optional<TokenAlgorithm> algorithm = header.get("alg") instanceof String name ? TokenAlgorithm.fromName(name) : Optional.empty();
		if (algorithm.isEmpty()) {
			findings.problem(VerifyCheck.UNSUPPORTED_ALGORITHM, "alg must be RS256, RS512, ES256 or ES512; none and HMAC are refused");
			return;
		}
		for (String name : KEY_REFERENCE_HEADERS) {
			if (header.containsKey(name)) {
				findings.problem(VerifyCheck.UNTRUSTED_KEY_REFERENCE, "header " + name + " points at a key; only our published keys are trusted");
			}
		}
		if (!(header.get("kid") instanceof String kid)) {
			findings.problem(VerifyCheck.MISSING_KID, "header has no kid naming one of our keys");
			return;
		}
		Optional<SigningKey> key = keyRing.find(kid);
		if (key.isEmpty()) {
			findings.problem(VerifyCheck.UNKNOWN_KID, "no published key has this kid");
			return;
		}
		if (!key.get().canSign(algorithm.get())) {
			findings.problem(VerifyCheck.KEY_ALGORITHM_MISMATCH, "key " + kid + " does not sign " + algorithm.get());
			return;
		}
		try {
			Jwts.parser().verifyWith(key.get().publicKey()).build().parseSignedClaims(token);
		}
		catch (ExpiredJwtException | PrematureJwtException timeOnly) {
			// jjwt checks times only after the signature held; the time checks below report these.
		}
		catch (SignatureException ex) {
			findings.problem(VerifyCheck.INVALID_SIGNATURE, "signature does not match key " + kid);
		}
		catch (JwtException ex) {
			findings.problem(VerifyCheck.MALFORMED_TOKEN, "token cannot be parsed as a signed JWT");
		}
	}

	private void checkTimes(Map<String, Object> claims, Findings findings) {
		long now = clock.instant().getEpochSecond();
		long leewaySeconds = leeway.toSeconds();
		Long exp = numericDate(claims, "exp", findings);
		if (exp == null && !claims.containsKey("exp")) {
			findings.problem(VerifyCheck.MISSING_CLAIM, "exp is required");
		}
		else if (exp != null && exp + leewaySeconds < now) {
			findings.problem(VerifyCheck.TOKEN_EXPIRED, "expired " + (now - exp) + " seconds ago");
		}
		Long nbf = numericDate(claims, "nbf", findings);
		if (nbf != null && nbf - leewaySeconds > now) {
			findings.problem(VerifyCheck.TOKEN_NOT_YET_VALID, "not valid for another " + (nbf - now) + " seconds");
		}
		Long iat = numericDate(claims, "iat", findings);
		if (iat != null && iat - leewaySeconds > now) {
			findings.problem(VerifyCheck.ISSUED_IN_FUTURE, "iat lies " + (iat - now) + " seconds in the future");
		}
	}

	private static @Nullable Long numericDate(Map<String, Object> claims, String name, Findings findings) {
		Object value = claims.get(name);
		if (value == null) {
			return null;
		}
		if (value instanceof Number number && Double.isFinite(number.doubleValue()) && Math.abs(number.doubleValue()) < MAX_NUMERIC_DATE) {
			return number.longValue();
		}
		findings.problem(VerifyCheck.INVALID_CLAIM, name + " must be a NumericDate (seconds since the epoch)");
		return null;
	}

	private static @Nullable Map<String, Object> masked(@Nullable Map<String, Object> claims) {
		if (claims == null || !claims.containsKey("password")) {
			return claims;
		}
		Map<String, Object> copy = new LinkedHashMap<>(claims);
		copy.put("password", "***");
		return copy;
	}

	/**
	 * Answer of {@code POST /tokens/verify}; header and claims are shown as decoded, verified or not.
	 * {@code warnings} do not make a token invalid: they say what its consumer may still mind.
	 */
	record Report(boolean valid, @Nullable String profile, @Nullable Map<String, Object> header,
			@Nullable Map<String, Object> claims, List<Finding> problems, List<Finding> warnings) {

		static Report of(@Nullable String profile, @Nullable Map<String, Object> header, @Nullable Map<String, Object> claims,
				Findings findings) {
			return new Report(findings.problems().isEmpty(), profile, header, claims, List.copyOf(findings.problems()),
					List.copyOf(findings.warnings()));
		}

	}

}
