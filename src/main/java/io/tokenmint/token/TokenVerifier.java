package io.tokenmint.token;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
import io.tokenmint.problem.Violation;
import io.tokenmint.profile.CustomProfile;
import io.tokenmint.profile.InstantRequestValidator;
import io.tokenmint.profile.MoEngageClaims;
import io.tokenmint.profile.PermissionSet;
import io.tokenmint.profile.TextField;
import io.tokenmint.profile.TokenProfiles;
import io.tokenmint.signing.KeyRing;
import io.tokenmint.signing.SigningKey;
import io.tokenmint.signing.TokenAlgorithm;

import org.springframework.stereotype.Component;

/**
 * Checks a token the way Document Engine would, and stricter: the signature against our published keys
 * only, the times with a small leeway, and every claim against the vocabulary. Reports every problem
 * found rather than the first, and never shows the {@code password} claim.
 */
@Component
class TokenVerifier {

	/** Headers that ask the verifier to fetch or trust a key from elsewhere; we never do. */
	private static final Set<String> KEY_REFERENCE_HEADERS = Set.of("jku", "x5u", "jwk", "x5c");

	private static final Set<String> OPTIONAL_TEXT_CLAIMS = Set.of("layer", "user_id", "creator_name", "default_group");

	/** Past any plausible NumericDate; larger values are refused rather than wrapped into a long. */
	private static final double MAX_NUMERIC_DATE = 1e13;

	private final KeyRing keyRing;

	private final TokenProfiles profiles;

	private final JsonMapper json;

	private final Duration leeway;

	private final String issuer;

	private final Clock clock = Clock.systemUTC();

	TokenVerifier(KeyRing keyRing, TokenProfiles profiles, JsonMapper json, TokenmintProperties properties) {
		this.keyRing = keyRing;
		this.profiles = profiles;
		this.json = json;
		this.leeway = properties.verifyLeeway();
		this.issuer = properties.hasIssuer() ? properties.issuer() : null;
	}

	/** @param requestedProfile the profile whose rules apply, or {@code null} to infer it from the claims */
	Report verify(String token, String requestedProfile) {
		if (requestedProfile != null && !profiles.names().contains(requestedProfile)) {
			throw new InvalidRequest(ProblemCode.UNKNOWN_PROFILE, "/profile", "not a profile this service offers");
		}
		List<Problem> problems = new ArrayList<>();
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			problems.add(new Problem(Check.MALFORMED_TOKEN, parts.length == 5 ? "encrypted tokens (JWE) are not issued here"
					: "a signed JWT has three dot-separated parts"));
			return new Report(false, null, null, null, problems);
		}
		Map<String, Object> header = decode(parts[0]);
		Map<String, Object> claims = decode(parts[1]);
		if (header == null || claims == null) {
			problems.add(new Problem(Check.MALFORMED_TOKEN, (header == null ? "header" : "payload")
					+ " is not base64url-encoded JSON object"));
			return new Report(false, null, header, masked(claims), problems);
		}
		String profile = requestedProfile != null ? requestedProfile : inferProfile(claims);
		checkSignature(token, header, problems);
		checkKeyBinding(header, profile, problems);
		checkTimes(claims, problems);
		if (profile.equals(TokenProfiles.INSTANT)) {
			checkInstantClaims(claims, problems);
			checkIssuer(claims, null, problems);
			checkAudience(claims, null, problems);
		}
		else if (profile.equals(MoEngageClaims.PROFILE)) {
			checkMoEngageClaims(header, claims, problems);
			checkIssuer(claims, profiles.moengage().issuer(), problems);
			checkAudience(claims, profiles.moengage().audience(), problems);
			problems.replaceAll(TokenVerifier::inMoEngageTerms);
		}
		else {
			CustomProfile custom = profiles.custom(profile).orElseThrow();
			custom.check(claims).forEach(v -> problems.add(new Problem(
					v.code() == ProblemCode.FIELD_REQUIRED ? Check.MISSING_CLAIM : Check.INVALID_CLAIM, v.pointer().substring(1) + ": " + v.detail())));
			checkIssuer(claims, custom.issuer(), problems);
			checkAudience(claims, custom.audience(), problems);
		}
		return new Report(problems.isEmpty(), profile, header, masked(claims), problems);
	}

	private String inferProfile(Map<String, Object> claims) {
		if (!claims.containsKey("document_id") && claims.containsKey("sub") && profiles.names().contains(MoEngageClaims.PROFILE)) {
			return MoEngageClaims.PROFILE;
		}
		return TokenProfiles.INSTANT;
	}

	private static void checkMoEngageClaims(Map<String, Object> header, Map<String, Object> claims, List<Problem> problems) {
		if (header.get("alg") instanceof String alg && TokenAlgorithm.fromName(alg).isPresent() && !alg.equals("RS256")) {
			problems.add(new Problem(Check.HEADER_TYPE_INCOMPATIBLE, "MoEngage verifies RS256 only, not " + alg));
		}
		if (header.containsKey("typ") && !"JWT".equals(header.get("typ"))) {
			problems.add(new Problem(Check.HEADER_TYPE_INCOMPATIBLE, "typ must be JWT"));
		}
		if (!(claims.get("sub") instanceof String sub) || sub.isBlank()) {
			problems.add(new Problem(Check.MISSING_CLAIM, "sub (the user identifier the app passes to the SDK) is required"));
		}
		if (!claims.containsKey("iat")) {
			problems.add(new Problem(Check.MISSING_CLAIM, "iat is required"));
		}
	}

	/** MoEngage's SDK error names where one fits (docs/token-formats.md, section 2). */
	private static Problem inMoEngageTerms(Problem problem) {
		Check code = switch (problem.code()) {
			case TOKEN_EXPIRED, TOKEN_NOT_YET_VALID, ISSUED_IN_FUTURE -> Check.TIME_CONSTRAINT_FAILURE;
			case INVALID_SIGNATURE, UNKNOWN_KID, MISSING_KID, KEY_NOT_FOR_PROFILE -> Check.INVALID_SIGNATURE;
			case UNSUPPORTED_ALGORITHM, KEY_ALGORITHM_MISMATCH -> Check.HEADER_TYPE_INCOMPATIBLE;
			case MISSING_CLAIM -> Check.PAYLOAD_CONTENT_MISSING;
			default -> problem.code();
		};
		return new Problem(code, problem.message());
	}

	private void checkIssuer(Map<String, Object> claims, String profileIssuer, List<Problem> problems) {
		String expected = profileIssuer != null && !profileIssuer.isBlank() ? profileIssuer : issuer;
		if (expected != null && !expected.equals(claims.get("iss"))) {
			problems.add(new Problem(Check.ISSUER_MISMATCH, "iss is not " + expected));
		}
	}

	/** A profile bound to a key accepts that key only; a key bound to one profile signs for no other. */
	private void checkKeyBinding(Map<String, Object> header, String profile, List<Problem> problems) {
		if (!(header.get("kid") instanceof String kid)) {
			return;
		}
		String bound = profiles.keyId(profile);
		if (bound != null && !bound.equals(kid)) {
			problems.add(new Problem(Check.KEY_NOT_FOR_PROFILE, "profile " + profile + " is signed by its own key only"));
		}
		else if (bound == null && keyRing.isDedicated(kid)) {
			problems.add(new Problem(Check.KEY_NOT_FOR_PROFILE, "key " + kid + " signs another profile's tokens"));
		}
	}

	/** A profile without an audience takes no token that names one: such a token was meant for another consumer. */
	private static void checkAudience(Map<String, Object> claims, String audience, List<Problem> problems) {
		Object aud = claims.get("aud");
		if (audience == null || audience.isBlank()) {
			if (aud != null) {
				problems.add(new Problem(Check.AUDIENCE_MISMATCH, "aud names a consumer; this profile's tokens carry none"));
			}
			return;
		}
		boolean matches = audience.equals(aud) || (aud instanceof List<?> list && list.contains(audience));
		if (!matches) {
			problems.add(new Problem(Check.AUDIENCE_MISMATCH, "aud is not " + audience));
		}
	}

	private Map<String, Object> decode(String part) {
		try {
			return json.readValue(Decoders.BASE64URL.decode(part), new TypeReference<Map<String, Object>>() { });
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private void checkSignature(String token, Map<String, Object> header, List<Problem> problems) {
		Optional<TokenAlgorithm> algorithm = header.get("alg") instanceof String name ? TokenAlgorithm.fromName(name) : Optional.empty();
		if (algorithm.isEmpty()) {
			problems.add(new Problem(Check.UNSUPPORTED_ALGORITHM, "alg must be RS256, RS512, ES256 or ES512; none and HMAC are refused"));
			return;
		}
		for (String name : KEY_REFERENCE_HEADERS) {
			if (header.containsKey(name)) {
				problems.add(new Problem(Check.UNTRUSTED_KEY_REFERENCE, "header " + name + " points at a key; only our published keys are trusted"));
			}
		}
		if (!(header.get("kid") instanceof String kid)) {
			problems.add(new Problem(Check.MISSING_KID, "header has no kid naming one of our keys"));
			return;
		}
		Optional<SigningKey> key = keyRing.find(kid);
		if (key.isEmpty()) {
			problems.add(new Problem(Check.UNKNOWN_KID, "no published key has this kid"));
			return;
		}
		if (!key.get().canSign(algorithm.get())) {
			problems.add(new Problem(Check.KEY_ALGORITHM_MISMATCH, "key " + kid + " does not sign " + algorithm.get()));
			return;
		}
		try {
			Jwts.parser().verifyWith(key.get().publicKey()).build().parseSignedClaims(token);
		}
		catch (ExpiredJwtException | PrematureJwtException timeOnly) {
			// jjwt checks times only after the signature held; the time checks below report these.
		}
		catch (SignatureException ex) {
			problems.add(new Problem(Check.INVALID_SIGNATURE, "signature does not match key " + kid));
		}
		catch (JwtException ex) {
			problems.add(new Problem(Check.MALFORMED_TOKEN, "token cannot be parsed as a signed JWT"));
		}
	}

	private void checkTimes(Map<String, Object> claims, List<Problem> problems) {
		long now = clock.instant().getEpochSecond();
		long leewaySeconds = leeway.toSeconds();
		Long exp = numericDate(claims, "exp", problems);
		if (exp == null && !claims.containsKey("exp")) {
			problems.add(new Problem(Check.MISSING_CLAIM, "exp is required"));
		}
		else if (exp != null && exp + leewaySeconds < now) {
			problems.add(new Problem(Check.TOKEN_EXPIRED, "expired " + (now - exp) + " seconds ago"));
		}
		Long nbf = numericDate(claims, "nbf", problems);
		if (nbf != null && nbf - leewaySeconds > now) {
			problems.add(new Problem(Check.TOKEN_NOT_YET_VALID, "not valid for another " + (nbf - now) + " seconds"));
		}
		Long iat = numericDate(claims, "iat", problems);
		if (iat != null && iat - leewaySeconds > now) {
			problems.add(new Problem(Check.ISSUED_IN_FUTURE, "iat lies " + (iat - now) + " seconds in the future"));
		}
	}

	private static Long numericDate(Map<String, Object> claims, String name, List<Problem> problems) {
		Object value = claims.get(name);
		if (value == null) {
			return null;
		}
		if (value instanceof Number number && Double.isFinite(number.doubleValue())
				&& Math.abs(number.doubleValue()) < MAX_NUMERIC_DATE) {
			return number.longValue();
		}
		problems.add(new Problem(Check.INVALID_CLAIM, name + " must be a NumericDate (seconds since the epoch)"));
		return null;
	}

	private static void checkInstantClaims(Map<String, Object> claims, List<Problem> problems) {
		Object documentId = claims.get("document_id");
		if (documentId == null) {
			problems.add(new Problem(Check.MISSING_CLAIM, "document_id is required"));
		}
		else {
			checkText("document_id", documentId, problems);
		}
		Object permissions = claims.get("permissions");
		if (permissions == null) {
			problems.add(new Problem(Check.MISSING_CLAIM, "permissions is required"));
		}
		else {
			List<Violation> violations = new ArrayList<>();
			PermissionSet.parse(permissions, "/permissions", violations);
			violations.forEach(v -> problems.add(new Problem(Check.INVALID_CLAIM, "permissions: " + v.detail())));
		}
		for (String name : OPTIONAL_TEXT_CLAIMS) {
			if (claims.containsKey(name)) {
				checkText(name, claims.get(name), problems);
			}
		}
		if (claims.containsKey("password") && !(claims.get("password") instanceof String)) {
			problems.add(new Problem(Check.INVALID_CLAIM, "password must be a string"));
		}
		if (claims.containsKey("collaboration_permissions")) {
			checkCollaborationPermissions(claims, problems);
		}
	}

	private static void checkText(String name, Object value, List<Problem> problems) {
		if (!(value instanceof String text)) {
			problems.add(new Problem(Check.INVALID_CLAIM, name + " must be a string"));
			return;
		}
		List<Violation> violations = new ArrayList<>();
		TextField.check(text, "/" + name, InstantRequestValidator.MAX_ID_LENGTH, violations);
		violations.forEach(v -> problems.add(new Problem(Check.INVALID_CLAIM, name + " " + v.detail())));
	}

	private static void checkCollaborationPermissions(Map<String, Object> claims, List<Problem> problems) {
		if (!(claims.get("collaboration_permissions") instanceof List<?> rules)
				|| rules.stream().anyMatch(rule -> !(rule instanceof String))) {
			problems.add(new Problem(Check.INVALID_CLAIM, "collaboration_permissions must be an array of strings"));
			return;
		}
		List<Violation> violations = new ArrayList<>();
		InstantRequestValidator.collaborationRules(rules.stream().map(String.class::cast).toList(), violations);
		violations.forEach(v -> problems.add(new Problem(Check.INVALID_CLAIM, "collaboration_permissions" + v.pointer()
				.substring("/collaboration_permissions".length()) + ": " + v.detail())));
		if (!claims.containsKey("user_id")) {
			problems.add(new Problem(Check.INVALID_CLAIM,
					"collaboration_permissions without user_id: Document Engine ignores them and grants unrestricted access"));
		}
	}

	private static Map<String, Object> masked(Map<String, Object> claims) {
		if (claims == null || !claims.containsKey("password")) {
			return claims;
		}
		Map<String, Object> copy = new LinkedHashMap<>(claims);
		copy.put("password", "***");
		return copy;
	}

	/** What {@code POST /tokens/verify} checks; the names are the {@code code} of each problem. */
	enum Check {

		MALFORMED_TOKEN, UNSUPPORTED_ALGORITHM, UNTRUSTED_KEY_REFERENCE, MISSING_KID, UNKNOWN_KID, KEY_ALGORITHM_MISMATCH,
		INVALID_SIGNATURE, TOKEN_EXPIRED, TOKEN_NOT_YET_VALID, ISSUED_IN_FUTURE, MISSING_CLAIM, INVALID_CLAIM,
		ISSUER_MISMATCH, AUDIENCE_MISMATCH, KEY_NOT_FOR_PROFILE,
		// MoEngage's names, used for moengage tokens
		TIME_CONSTRAINT_FAILURE, PAYLOAD_CONTENT_MISSING, HEADER_TYPE_INCOMPATIBLE

	}

	record Problem(Check code, String message) {
	}

	/** Answer of {@code POST /tokens/verify}; header and claims are shown as decoded, unverified or not. */
	record Report(boolean valid, String profile, Map<String, Object> header, Map<String, Object> claims, List<Problem> problems) {
	}

}
