package io.tokenmint.audit;

/**
 * Makes a caller-supplied value safe to store: refused requests are audited too, and their values may be
 * too long or hold characters a database rejects (NUL, unpaired surrogates).
 */
final class AuditText {

	private AuditText() {
	}

	static String clean(String value, int maxCodePoints) {
		if (value == null) {
			return null;
		}
		StringBuilder clean = new StringBuilder(Math.min(value.length(), maxCodePoints));
		int count = 0;
		for (int i = 0; i < value.length() && count < maxCodePoints; count++) {
			int codePoint = value.codePointAt(i);
			i += Character.charCount(codePoint);
			boolean unpaired = codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
			clean.appendCodePoint(Character.isISOControl(codePoint) || unpaired ? '\uFFFD' : codePoint);
		}
		return clean.toString();
	}

}
