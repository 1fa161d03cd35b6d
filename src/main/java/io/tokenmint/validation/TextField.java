package io.tokenmint.validation;

import java.util.List;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;

/**
 * The rules every string that ends up in a token, a grant or the audit follows: a length limit in
 * code points, and no control, bidirectional-override or unpaired surrogate characters, which spoof
 * what a reviewer reads and which some databases refuse to store.
 */
public final class TextField {

	/** The longest id, name or label a request may carry, in code points. */
	public static final int MAX_ID_LENGTH = 256;

	private TextField() {
	}

	/** Checks an optional value; {@code null} passes. */
	public static void check(String value, String pointer, int maxLength, List<Violation> violations) {
		if (value == null) {
			return;
		}
		if (value.isBlank()) {
			violations.add(new Violation(ProblemCode.FIELD_BLANK, pointer, "must not be blank; leave it out instead"));
			return;
		}
		if (value.codePointCount(0, value.length()) > maxLength) {
			violations.add(new Violation(ProblemCode.FIELD_TOO_LONG, pointer, "longer than " + maxLength + " characters"));
			return;
		}
		if (hasForbiddenCharacter(value)) {
			violations.add(new Violation(ProblemCode.CONTROL_CHARACTERS, pointer,
					"contains control, bidirectional-formatting or unpaired surrogate characters"));
		}
	}

	/** Checks a value that must be present. */
	public static void require(String value, String pointer, int maxLength, List<Violation> violations) {
		if (value == null) {
			violations.add(new Violation(ProblemCode.FIELD_REQUIRED, pointer, "is required"));
			return;
		}
		check(value, pointer, maxLength, violations);
	}

	static boolean hasForbiddenCharacter(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c) || isBidiControl(c)) {
				return true;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
					return true;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isBidiControl(char c) {
		return c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
				|| (c >= '\u2066' && c <= '\u2069');
	}

}
