package io.tokenmint.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tokenmint.ConfigurationProblem;
import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.Violation;
import io.tokenmint.signing.TokenAlgorithm;
import io.tokenmint.validation.Lifetimes;
import io.tokenmint.validation.RequestFields;
import io.tokenmint.validation.TextField;

import org.jspecify.annotations.Nullable;

/**
 * The shape MoEngage's and Braze's SDK authentication share: the app's backend signs an RS256 token whose
 * {@code sub} is the identifier the app hands to the SDK, and the consumer checks it with a public key
 * uploaded to its dashboard. A request names the user ({@code user_id}, from API clients) and may ask
 * for a lifetime; a signed-in user gets a token about themselves.
 */
abstract class SdkUserProfile extends ConfiguredProfile<SdkUserProfile.Request> {

	SdkUserProfile(String name, ProfileProperties.SdkUser properties, Duration maxLifetime, @Nullable String serviceIssuer) {
		super(new ProfileSettings(name, properties.algorithm(), TokenProfiles.blankToNull(properties.keyId()),
				TokenProfiles.blankToNull(properties.issuer()) != null ? properties.issuer() : serviceIssuer,
				TokenProfiles.blankToNull(properties.audience()), properties.defaultExpiresIn(), maxLifetime, properties.backdate()));
		String where = "tokenmint.profiles." + name;
		if (properties.algorithm() != TokenAlgorithm.RS256) {
			throw new ConfigurationProblem(where + ".algorithm", properties.algorithm(), name + " verifies RSA signatures only: RS256",
					"Set it to RS256, or remove it.");
		}
		if (properties.defaultExpiresIn().compareTo(maxLifetime) > 0 || properties.defaultExpiresIn().isNegative()
				|| properties.defaultExpiresIn().isZero()) {
			throw new ConfigurationProblem(where + ".default-expires-in", properties.defaultExpiresIn().toSeconds() + " s",
					"between 1 second and tokenmint.max-expires-in (" + maxLifetime.toSeconds() + " s)",
					"Lower " + where + ".default-expires-in (its default is 3600), or raise tokenmint.max-expires-in.");
		}
		if (properties.backdate().isNegative() || properties.backdate().compareTo(Duration.ofMinutes(10)) > 0) {
			throw new ConfigurationProblem(where + ".backdate", properties.backdate().toSeconds() + " s", "between 0 and 10 minutes",
					"Set it within that range; it only covers clocks that run a little ahead.");
		}
	}

	@Override
	public Request read(RequestFields fields) {
		fields.accept("profile");
		String userId = fields.string("user_id");
		Long expiresIn = fields.integer("expires_in");
		fields.refuseUnread(name());
		List<Violation> violations = new ArrayList<>(fields.violations());
		TextField.check(userId, "/user_id", TextField.MAX_ID_LENGTH, violations);
		Duration lifetime = Lifetimes.parse(expiresIn, "/expires_in", null, maxLifetime(), violations);
		if (!violations.isEmpty()) {
			throw new InvalidRequest(violations);
		}
		return new Request(userId, lifetime);
	}

	@Override
	public TokenClaims claims(Request request, Decision decision) {
		return new SubjectClaims(decision.userId(), audience());
	}

	@Override
	public AuditSummary describe(RequestFields fields) {
		return new AuditSummary(null, null, fields.raw("user_id") instanceof String user ? user : null, null, null);
	}

	/** A token about a user alone; the document profiles carry {@code document_id}, custom ones an audience. */
	@Override
	public boolean recognises(Map<String, Object> claims) {
		return claims.containsKey("sub") && !claims.containsKey("document_id") && !claims.containsKey("aud");
	}

	@Override
	public void check(TokenFacts token, Findings findings) {
		if (token.header().get("alg") instanceof String alg && TokenAlgorithm.fromName(alg).isPresent() && !alg.equals("RS256")) {
			findings.problem(VerifyCheck.HEADER_TYPE_INCOMPATIBLE, name() + " verifies RS256 only, not " + alg);
		}
		checkType(token.header().get("typ"), findings);
		if (!(token.claims().get("sub") instanceof String sub) || sub.isBlank()) {
			findings.problem(VerifyCheck.MISSING_CLAIM, "sub (the user identifier the app passes to the SDK) is required");
		}
		else if (token.identifier() != null && !token.identifier().equals(sub)) {
			findings.problem(VerifyCheck.IDENTIFIER_MISMATCH, "sub is not the identifier the app passes to the SDK");
		}
		checkClaims(token.claims(), findings);
	}

	/** The consumer's rule for the {@code typ} header. */
	abstract void checkType(@Nullable Object type, Findings findings);

	/** Claims the consumer requires beyond {@code sub} and {@code exp}. */
	void checkClaims(Map<String, Object> claims, Findings findings) {
	}

	@Override
	public Class<?> requestSchema() {
		return SdkUserRequestDoc.class;
	}

	/** @param userId the user a backend names; {@code null} from a signed-in user, who gets their own */
	record Request(@Nullable String userId, @Nullable Duration expiresIn) implements ProfileRequest {

		@Override
		public AccessRequest access() {
			return new AccessRequest(null, userId, "/user_id", expiresIn, List.of());
		}

	}

	/** {@code sub}, and {@code aud} where the profile names one. */
	record SubjectClaims(@Nullable String subject, @Nullable String audience) implements TokenClaims {

		@Override
		public Map<String, Object> asMap() {
			Map<String, Object> claims = new LinkedHashMap<>();
			claims.put("sub", subject);
			if (audience != null) {
				claims.put("aud", audience);
			}
			return claims;
		}

		@Override
		public AuditSummary audit() {
			return AuditSummary.NONE.withUserId(subject);
		}

	}

}
