package io.tokenmint.validation;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** What the console's forms send, turned into what the admin API's bodies hold. */
public final class FormFields {

	private FormFields() {
	}

	/** A text area of one value a line: blank lines dropped, each line trimmed; {@code null} when there are none. */
	public static @Nullable List<String> lines(@Nullable String text) {
		if (text == null) {
			return null;
		}
		List<String> values = text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
		return values.isEmpty() ? null : values;
	}

	/** A single-line field, {@code null} when left empty. */
	public static @Nullable String text(@Nullable String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

}
