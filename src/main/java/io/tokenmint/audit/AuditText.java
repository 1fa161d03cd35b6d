package io.tokenmint.audit;

import java.nio.charset.StandardCharsets;

/**
 * Makes a caller-supplied value safe to store. Refused requests are audited too, so their values may be
 * of any length and hold characters a database rejects (NUL, unpaired surrogates). Lengths are budgets in
 * UTF-8 bytes: a string within its byte budget is also within it counted in UTF-16 units (how H2 measures
 * {@code VARCHAR}) and in code points (how PostgreSQL does), so no unit of any database can overflow.
 */
final class AuditText {

	/** Appended to a value that was cut, so a reader knows the record holds an excerpt. */
	static final String CUT = "\u2026";

	private AuditText() {
	}

	/**
	 * The value with control characters and unpaired surrogates replaced by U+FFFD, cut at a code-point
	 * boundary so that it takes at most {@code maxBytes} bytes in UTF-8, the cut marked with an ellipsis.
	 */
	static String clean(String value, int maxBytes) {
		if (value == null) {
			return null;
		}
		String safe = replaceUnstorable(value);
		if (utf8Length(safe) <= maxBytes) {
			return safe;
		}
		int budget = maxBytes - utf8Length(CUT);
		if (budget < 0) {
			return "";
		}
		StringBuilder cut = new StringBuilder();
		int bytes = 0;
		for (int i = 0; i < safe.length();) {
			int codePoint = safe.codePointAt(i);
			bytes += utf8Length(codePoint);
			if (bytes > budget) {
				break;
			}
			cut.appendCodePoint(codePoint);
			i += Character.charCount(codePoint);
		}
		return cut.append(CUT).toString();
	}

	private static String replaceUnstorable(String value) {
		StringBuilder safe = new StringBuilder(value.length());
		for (int i = 0; i < value.length();) {
			int codePoint = value.codePointAt(i);
			i += Character.charCount(codePoint);
			boolean unpaired = codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
			safe.appendCodePoint(Character.isISOControl(codePoint) || unpaired ? '\uFFFD' : codePoint);
		}
		return safe.toString();
	}

	/** Whether {@link #clean} had to change the value (cut it or replace a character). */
	static boolean changed(String original, String cleaned) {
		return original != null && !original.equals(cleaned);
	}

	static int utf8Length(String value) {
		return value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
	}

	private static int utf8Length(int codePoint) {
		return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
	}

}
