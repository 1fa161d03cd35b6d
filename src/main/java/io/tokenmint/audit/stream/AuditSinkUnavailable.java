package io.tokenmint.audit.stream;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;

/**
 * A required sink could not take a record: the request it belongs to is not answered (503), and an admin change
 * does not happen. The sink's name and error go to the log and the health ({@link Outlet}), not to the caller.
 */
public class AuditSinkUnavailable extends ProblemException {

	AuditSinkUnavailable() {
		super(ProblemCode.SERVICE_UNAVAILABLE, "The request cannot be recorded right now, so it was not carried out; retry shortly.");
	}

}
