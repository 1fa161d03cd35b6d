package io.tokenmint.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;
import io.tokenmint.validation.Lifetimes;
import io.tokenmint.validation.RequestFields;

import org.jspecify.annotations.Nullable;

/**
 * A profile declared in configuration: its claims come from request fields (API clients only), the
 * signed-in user's identity token, or constants, each with its checks. Its tokens always carry an
 * {@code aud}, so that they never pass for another profile's.
 */
final class CustomProfile extends ConfiguredProfile<CustomProfile.Request> {

	private final List<ClaimRule> claims;

	/** @param settings its audience is never {@code null}: a custom profile's tokens always name one */
	CustomProfile(ProfileSettings settings, List<ClaimRule> claims) {
		super(settings);
		this.claims = List.copyOf(claims);
	}

	@Override
	public String audience() {
		return java.util.Objects.requireNonNull(settings.audience());
	}

	/**
	 * Reads the request-sourced claims.
	 * @throws InvalidRequest for missing or malformed values, and for registered claims sent as fields
	 */
	@Override
	public Request read(RequestFields fields) {
		fields.accept("profile");
		List<Violation> violations = new ArrayList<>();
		Duration lifetime = Lifetimes.parse(fields.integer("expires_in"), "/expires_in", null, maxLifetime(), violations);
		for (String field : fields.names()) {
			boolean declared = claims.stream().anyMatch(rule -> rule.source() == ClaimRule.Source.REQUEST && rule.field().equals(field));
			if (!declared && (ClaimRule.REGISTERED.contains(field) || field.equals("sub"))) {
				violations.add(new Violation(ProblemCode.RESERVED_CLAIM, RequestFields.pointer(field),
						field + " is a registered claim that tokenmint sets itself"));
				fields.accept(field);
			}
		}
		Map<String, Object> values = new LinkedHashMap<>();
		List<String> sent = new ArrayList<>();
		for (ClaimRule rule : claims) {
			if (rule.source() != ClaimRule.Source.REQUEST) {
				continue;
			}
			String pointer = RequestFields.pointer(rule.field());
			Object raw = fields.raw(rule.field());
			if (raw == null) {
				if (rule.required()) {
					violations.add(new Violation(ProblemCode.FIELD_REQUIRED, pointer, "is required by profile " + name()));
				}
				continue;
			}
			sent.add(rule.field());
			Object checked = rule.check(raw, pointer, violations);
			if (checked != null) {
				values.put(rule.name(), checked);
			}
		}
		fields.refuseUnread(name());
		violations.addAll(fields.violations());
		if (!violations.isEmpty()) {
			throw new InvalidRequest(violations);
		}
		return new Request(values, sent, values.get("sub") instanceof String sub ? sub : null, lifetime);
	}

	/** @throws InvalidRequest when the identity token lacks a required claim or holds one that breaks its rule */
	@Override
	public TokenClaims claims(Request request, Decision decision) {
		List<Violation> violations = new ArrayList<>();
		Map<String, Object> values = new LinkedHashMap<>();
		for (ClaimRule rule : claims) {
			Object value = switch (rule.source()) {
				case REQUEST -> request.values().get(rule.name());
				case CONSTANT -> rule.constant();
				case IDENTITY -> {
					Object claim = decision.identity().get(rule.field());
					if (claim == null && rule.required()) {
						violations.add(new Violation(ProblemCode.FIELD_REQUIRED, RequestFields.pointer(rule.field()), "claim " + rule.name()
								+ " comes from the end user's identity token, which has no " + rule.field()));
					}
					yield claim == null ? null : rule.check(claim, RequestFields.pointer(rule.field()), violations);
				}
			};
			if (value != null) {
				values.put(rule.name(), value);
			}
		}
		if (!violations.isEmpty()) {
			throw new InvalidRequest(violations);
		}
		values.putIfAbsent("aud", audience());
		return new Claims(values, decision.userId());
	}

	@Override
	public AuditSummary describe(RequestFields fields) {
		return claims.stream()
			.filter(rule -> rule.name().equals("sub") && rule.source() == ClaimRule.Source.REQUEST)
			.findFirst()
			.map(rule -> AuditSummary.NONE.withUserId(fields.raw(rule.field()) instanceof String sub ? sub : null))
			.orElse(AuditSummary.NONE);
	}

	@Override
	public boolean recognises(Map<String, Object> tokenClaims) {
		Object aud = tokenClaims.get("aud");
		return audience().equals(aud) || (aud instanceof List<?> list && list.contains(audience()));
	}

	/** Checks the claims of a token against the declaration. */
	@Override
	public void check(TokenFacts token, Findings findings) {
		for (ClaimRule rule : claims) {
			Object value = token.claims().get(rule.name());
			if (value == null) {
				if (rule.required()) {
					findings.problem(VerifyCheck.MISSING_CLAIM, rule.name() + " is required");
				}
			}
			else if (rule.source() == ClaimRule.Source.CONSTANT) {
				if (!String.valueOf(rule.constant()).equals(String.valueOf(value))) {
					findings.problem(VerifyCheck.INVALID_CLAIM, rule.name() + " must be " + rule.constant());
				}
			}
			else {
				List<Violation> violations = new ArrayList<>();
				rule.check(value, RequestFields.pointer(rule.name()), violations);
				violations.forEach(v -> findings.problem(VerifyCheck.INVALID_CLAIM, v.pointer().substring(1) + ": " + v.detail()));
			}
		}
	}

	@Override
	public Class<?> requestSchema() {
		return CustomRequestDoc.class;
	}

	List<ClaimRule> claimRules() {
		return claims;
	}

	/**
	 * @param values the request-sourced claims, checked, by claim name
	 * @param sent the request fields given, which only API clients may set
	 * @param userId the {@code sub} a backend set, if the profile declares it from the request
	 */
	record Request(Map<String, Object> values, List<String> sent, @Nullable String userId, @Nullable Duration expiresIn)
			implements ProfileRequest {

		@Override
		public AccessRequest access() {
			return new AccessRequest(null, userId, null, expiresIn, sent);
		}

	}

	/** The declared claims and the audience; the user the audit names is the decision's. */
	record Claims(Map<String, Object> values, @Nullable String userId) implements TokenClaims {

		@Override
		public Map<String, Object> asMap() {
			return values;
		}

		@Override
		public AuditSummary audit() {
			return AuditSummary.NONE.withUserId(userId);
		}

	}

}
