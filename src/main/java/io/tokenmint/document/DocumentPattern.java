package io.tokenmint.document;

import java.util.List;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;
import io.tokenmint.validation.TextField;

/**
 * Which document ids a client or grant covers: {@code *} for all, {@code contracts-*} for a prefix, or
 * an exact id. A star anywhere but at the end is refused rather than guessed at.
 */
public record DocumentPattern(String pattern) {

	public static final String ANY = "*";

	public boolean matches(String documentId) {
		if (pattern.endsWith("*")) {
			return documentId.startsWith(pattern.substring(0, pattern.length() - 1));
		}
		return pattern.equals(documentId);
	}

	/** @return the pattern, or {@code null} with the reason added to {@code violations} */
	public static DocumentPattern parse(String text, String pointer, List<Violation> violations) {
		int before = violations.size();
		TextField.require(text, pointer, TextField.MAX_ID_LENGTH + 1, violations);
		if (violations.size() > before) {
			return null;
		}
		if (text.indexOf('*') >= 0 && text.indexOf('*') != text.length() - 1) {
			violations.add(new Violation(ProblemCode.INVALID_DOCUMENT_PATTERN, pointer,
					"use *, an exact id, or a prefix ending in a single * such as contracts-*"));
			return null;
		}
		return new DocumentPattern(text);
	}

	@Override
	public String toString() {
		return pattern;
	}

}
