package io.tokenmint.token;

import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;

/**
 * Body of {@code POST /tokens/verify}.
 *
 * @param profile the profile whose claim rules apply; absent: instant when the token has document_id, else
 *        moengage when it has sub
 */
record VerifyRequest(String token, String profile) {

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
