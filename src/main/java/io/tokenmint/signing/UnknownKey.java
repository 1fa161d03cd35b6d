package io.tokenmint.signing;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;

/** A key id that no loaded key has. */
class UnknownKey extends ProblemException {

	UnknownKey(String kid) {
		super(ProblemCode.KEY_NOT_FOUND, "No published key has this kid.");
	}

}
