package io.tokenmint.token;

import io.swagger.v3.oas.annotations.media.Schema;

import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;

/**
 * Body of {@code POST /tokens/verify}.
 *
 * @param profile the profile whose claim rules apply; absent: the first profile that recognises the claims
 *        (see the profiles' docs), else the default profile
 * @param identifier the user identifier the app will pass to the consumer's SDK (MoEngage, Braze), checked
 *        against {@code sub}
 */
record VerifyRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String token, String profile, String identifier) {

	String requiredToken() {
		if (token == null) {
			throw new InvalidRequest(ProblemCode.FIELD_REQUIRED, "/token", "is required");
		}
		if (token.isBlank()) {
			throw new InvalidRequest(ProblemCode.FIELD_BLANK, "/token", "must not be blank");
		}
		return token;
	}

	@Override
	public String toString() {
		return "VerifyRequest[***]";
	}

}
