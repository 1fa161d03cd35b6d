package io.tokenmint.validation;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Header values as people wrote them. Tomcat hands header bytes over as ISO-8859-1 characters, so a
 * {@code User-Agent} such as {@code Björn’s iPhone}, sent as UTF-8 by the app, arrives as mojibake; read as
 * UTF-8 again it is legible. Bytes that are not UTF-8 stay as ISO-8859-1 gave them.
 */
public final class HeaderText {

	private HeaderText() {
	}

	public static String decode(String value) {
		if (value == null || value.chars().allMatch(c -> c < 0x80)) {
			return value;
		}
		byte[] bytes = new byte[value.length()];
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c > 0xFF) {
				return value;
			}
			bytes[i] = (byte) c;
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(java.nio.ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException notUtf8) {
			return value;
		}
	}

}
