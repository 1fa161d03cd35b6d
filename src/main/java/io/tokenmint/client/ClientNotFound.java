package io.tokenmint.client;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;

/** No client has the id, or it was revoked where a live one is needed. */
class ClientNotFound extends ProblemException {

	ClientNotFound() {
		super(ProblemCode.CLIENT_NOT_FOUND, "No active client has this id.");
	}

}
