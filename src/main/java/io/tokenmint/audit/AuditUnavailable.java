package io.tokenmint.audit;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;

/** The audit record could not be committed, so the token must not leave the service. */
public class AuditUnavailable extends ProblemException {

	AuditUnavailable() {
		super(ProblemCode.SERVICE_UNAVAILABLE, "The request cannot be recorded right now, so no token was issued; retry shortly.");
	}

}
