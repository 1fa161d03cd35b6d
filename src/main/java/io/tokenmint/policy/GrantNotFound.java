package io.tokenmint.policy;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;

/** No grant has the id. */
class GrantNotFound extends ProblemException {

	GrantNotFound() {
		super(ProblemCode.GRANT_NOT_FOUND, "No grant has this id.");
	}

}
