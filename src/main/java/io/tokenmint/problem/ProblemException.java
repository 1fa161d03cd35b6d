package io.tokenmint.problem;

import java.util.List;

/**
 * A request tokenmint answers with an error. Domain code throws subclasses named for what happened; the
 * web layer turns them into {@code application/problem+json}. Messages must never hold a secret.
 */
public class ProblemException extends RuntimeException {

	private final ProblemCode code;

	private final List<Violation> violations;

	public ProblemException(ProblemCode code, String detail) {
		this(code, detail, List.of());
	}

	protected ProblemException(ProblemCode code, String detail, List<Violation> violations) {
		super(detail, null, false, false);
		this.code = code;
		this.violations = List.copyOf(violations);
	}

	public ProblemCode code() {
		return code;
	}

	public List<Violation> violations() {
		return violations;
	}

}
