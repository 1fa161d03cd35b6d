package io.tokenmint.problem;

/** A well-formed request that the caller is not allowed to make: a 403 naming what was refused. */
public class RequestRefused extends ProblemException {

	public RequestRefused(ProblemCode code, String detail) {
		super(code, detail);
	}

}
