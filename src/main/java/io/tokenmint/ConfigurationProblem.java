package io.tokenmint;

import org.jspecify.annotations.Nullable;

/**
 * A setting that stops tokenmint from starting, with what it is set to, the rule it breaks and how to fix it:
 * {@link ConfigurationProblemAnalyzer} prints those four as one block instead of a stack trace. The value is shown
 * as given, so a check of a secret passes a description of it (its length, say), never the secret.
 */
public class ConfigurationProblem extends IllegalArgumentException {

	private final String setting;

	private final @Nullable String value;

	private final String rule;

	private final String fix;

	public ConfigurationProblem(String setting, @Nullable Object value, String rule, String fix) {
		super(setting + " = " + value + ": " + rule + ". " + fix);
		this.setting = setting;
		this.value = value == null ? null : String.valueOf(value);
		this.rule = rule;
		this.fix = fix;
	}

	public String setting() {
		return setting;
	}

	public @Nullable String value() {
		return value;
	}

	public String rule() {
		return rule;
	}

	public String fix() {
		return fix;
	}

}
