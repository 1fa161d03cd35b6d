package io.tokenmint.validation;

import java.time.Duration;
import java.util.List;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;

/** Reads a lifetime in seconds ({@code expires_in}, {@code max_expires_in}) against the service's bounds. */
public final class Lifetimes {

	private Lifetimes() {
	}

	/**
	 * @param seconds as the request gave it, or {@code null}
	 * @param fallback what an absent value means (may be {@code null})
	 * @return the lifetime, the fallback when absent, or {@code null} with EXPIRES_IN_OUT_OF_RANGE added to
	 *         {@code violations} when outside 1 second to {@code max}
	 */
	public static Duration parse(Long seconds, String pointer, Duration fallback, Duration max, List<Violation> violations) {
		if (seconds == null) {
			return fallback;
		}
		if (seconds < 1 || seconds > max.toSeconds()) {
			violations.add(new Violation(ProblemCode.EXPIRES_IN_OUT_OF_RANGE, pointer, "must be between 1 and " + max.toSeconds() + " seconds"));
			return null;
		}
		return Duration.ofSeconds(seconds);
	}

}
