package io.tokenmint.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.RequestRefused;
import io.tokenmint.problem.Violation;
import io.tokenmint.signing.TokenAlgorithm;

/** A token profile declared in configuration: its claims come from request fields, the user's identity token or constants. */
public record CustomProfile(String name, TokenAlgorithm algorithm, Duration defaultExpiresIn, Duration maxExpiresIn,
		String issuer, String audience, List<ClaimRule> claims, String keyId) {

	/**
	 * Builds the claims for a request.
	 *
	 * @param identity the end user's identity-token claims, or {@code null} for an API client
	 * @throws InvalidRequest for missing or malformed values, {@link RequestRefused} for fields an end user may not set
	 */
	public Map<String, Object> claims(RequestFields fields, Map<String, Object> identity) {
		List<Violation> violations = new ArrayList<>();
		for (String name : fields.names()) {
			boolean declared = claims.stream().anyMatch(rule -> rule.source() == ClaimRule.Source.REQUEST && rule.field().equals(name));
			if (!declared && (ClaimRule.REGISTERED.contains(name) || name.equals("sub"))) {
				violations.add(new Violation(ProblemCode.RESERVED_CLAIM, RequestFields.pointer(name),
						name + " is a registered claim that tokenmint sets itself"));
				fields.accept(name);
			}
		}
		Map<String, Object> values = new LinkedHashMap<>();
		for (ClaimRule rule : claims) {
			String pointer = RequestFields.pointer(rule.field());
			Object value = switch (rule.source()) {
				case CONSTANT -> rule.constant();
				case IDENTITY -> identity == null ? null : identity.get(rule.field());
				case REQUEST -> {
					Object raw = fields.raw(rule.field());
					if (raw != null && identity != null) {
						// End users could otherwise write anything into a token a consumer trusts.
						throw new RequestRefused(ProblemCode.FIELD_NOT_ALLOWED, rule.field() + " can be set by API clients only.");
					}
					yield raw;
				}
			};
			if (value == null) {
				if (rule.required()) {
					violations.add(new Violation(ProblemCode.FIELD_REQUIRED, pointer, rule.source() == ClaimRule.Source.IDENTITY
							? "claim " + rule.name() + " comes from the end user's identity token, which has no " + rule.field()
							: "is required by profile " + name));
				}
				continue;
			}
			Object checked = rule.source() == ClaimRule.Source.CONSTANT ? value : rule.check(value, pointer, violations);
			if (checked != null) {
				values.put(rule.name(), checked);
			}
		}
		fields.refuseUnread(name);
		violations.addAll(fields.violations());
		if (!violations.isEmpty()) {
			throw new InvalidRequest(violations);
		}
		if (audience != null && !audience.isBlank() && !values.containsKey("aud")) {
			values.put("aud", audience);
		}
		return values;
	}

	/**
	 * Checks the claims of a token against the declaration, for {@code POST /tokens/verify}.
	 * @return FIELD_REQUIRED for a missing required claim, another code for a value that breaks a rule
	 */
	public List<Violation> check(Map<String, Object> tokenClaims) {
		List<Violation> violations = new ArrayList<>();
		for (ClaimRule rule : claims) {
			Object value = tokenClaims.get(rule.name());
			String pointer = RequestFields.pointer(rule.name());
			if (value == null) {
				if (rule.required()) {
					violations.add(new Violation(ProblemCode.FIELD_REQUIRED, pointer, rule.name() + " is required"));
				}
			}
			else if (rule.source() == ClaimRule.Source.CONSTANT) {
				if (!String.valueOf(rule.constant()).equals(String.valueOf(value))) {
					violations.add(new Violation(ProblemCode.VALUE_NOT_ALLOWED, pointer, rule.name() + " must be " + rule.constant()));
				}
			}
			else {
				rule.check(value, pointer, violations);
			}
		}
		return violations;
	}

}
