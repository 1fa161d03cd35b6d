package io.tokenmint.problem;

import java.util.List;

/** A request body that breaks one or more rules; the first violation gives the problem's code. */
public class InvalidRequest extends ProblemException {

	public InvalidRequest(List<Violation> violations) {
		super(violations.get(0).code(), violations.get(0).detail(), violations);
	}

	public InvalidRequest(ProblemCode code, String pointer, String detail) {
		this(List.of(new Violation(code, pointer, detail)));
	}

}
