package io.tokenmint.profile;

import java.util.ArrayList;
import java.util.List;

/** What verification found: problems make a token invalid; warnings do not, but say what a consumer may mind. */
public final class Findings {

	private final List<Finding> problems = new ArrayList<>();

	private final List<Finding> warnings = new ArrayList<>();

	public void problem(VerifyCheck code, String message) {
		problems.add(new Finding(code, message));
	}

	public void warning(VerifyCheck code, String message) {
		warnings.add(new Finding(code, message));
	}

	public List<Finding> problems() {
		return problems;
	}

	public List<Finding> warnings() {
		return warnings;
	}

}
