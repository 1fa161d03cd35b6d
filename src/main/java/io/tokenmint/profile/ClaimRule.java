package io.tokenmint.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.tokenmint.ConfigurationProblem;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;
import io.tokenmint.validation.TextField;

/** A custom profile's claim, checked at start-up, and the checks its values pass. */
record ClaimRule(String name, Source source, String field, Object constant, boolean required, Type type, int maxLength,
		Pattern pattern, List<Object> allowedValues) {

	/** Claims the service sets itself; no profile may declare them. {@code sub} may be declared. */
	static final Set<String> REGISTERED = Set.of("exp", "iat", "nbf", "iss", "aud", "jti");

	enum Source {

		REQUEST, IDENTITY, CONSTANT

	}

	enum Type {

		STRING, INTEGER, BOOLEAN, STRING_ARRAY

	}

	/** @throws ConfigurationProblem naming the field at fault */
	static ClaimRule from(ProfileProperties.Claim claim, String where) {
		if (claim.name() == null || claim.name().isBlank()) {
			throw new ConfigurationProblem(where + ".name", null, "required: the claim's name in the token", "Name the claim.");
		}
		String at = where + " (claim '" + claim.name() + "')";
		if (REGISTERED.contains(claim.name())) {
			throw new ConfigurationProblem(at + ".name", claim.name(), "not a registered claim: tokenmint sets " + REGISTERED + " itself",
					"Leave it out; set lifetimes with default-expires-in and the issuer with issuer.");
		}
		Source source = parse(Source.class, claim.source() == null ? "request" : claim.source(), at + ".source",
				"request, identity or constant");
		Type type = parse(Type.class, claim.type() == null ? "string" : claim.type(), at + ".type",
				"string, integer, boolean or string-array");
		int maxLength = claim.maxLength() == null ? 256 : claim.maxLength();
		if (maxLength < 1) {
			throw new ConfigurationProblem(at + ".max-length", maxLength, "positive", "Set the longest value the claim may hold, or leave it out (256).");
		}
		Pattern pattern = null;
		if (claim.pattern() != null) {
			try {
				pattern = Pattern.compile(claim.pattern());
			}
			catch (PatternSyntaxException ex) {
				throw new ConfigurationProblem(at + ".pattern", claim.pattern(), "a regular expression (" + ex.getDescription() + ")",
						"Fix the expression; it is Java's syntax.");
			}
		}
		List<Object> allowed = null;
		if (claim.allowedValues() != null) {
			allowed = new ArrayList<>();
			for (String value : claim.allowedValues()) {
				allowed.add(convert(value, type, at + ".allowed-values"));
			}
		}
		Object constant = null;
		if (source == Source.CONSTANT) {
			if (claim.value() == null) {
				throw new ConfigurationProblem(at + ".value", null, "required for a constant claim", "Set the value every token carries.");
			}
			constant = convert(claim.value(), type, at + ".value");
		}
		else if (claim.value() != null) {
			throw new ConfigurationProblem(at + ".value", claim.value(), "only for constant claims", "Set source: constant, or leave value out.");
		}
		String field = claim.field() == null ? claim.name() : claim.field();
		if (source == Source.REQUEST && (REGISTERED.contains(field) || field.equals("profile") || field.equals("expires_in"))) {
			throw new ConfigurationProblem(at + ".field", field, "a request field tokenmint does not read itself (not a registered claim, "
					+ "profile or expires_in)", "Read the claim from another field.");
		}
		return new ClaimRule(claim.name(), source, field, constant, claim.required(), type, maxLength, pattern, allowed);
	}

	private static <E extends Enum<E>> E parse(Class<E> type, String text, String where, String expected) {
		try {
			return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
		}
		catch (IllegalArgumentException ex) {
			throw new ConfigurationProblem(where, text, expected, "Use one of those.");
		}
	}

	private static Object convert(String text, Type type, String where) {
		return switch (type) {
			case STRING, STRING_ARRAY -> text;
			case BOOLEAN -> {
				if (!text.equals("true") && !text.equals("false")) {
					throw new ConfigurationProblem(where, text, "a boolean: true or false", "Write true or false.");
				}
				yield Boolean.valueOf(text);
			}
			case INTEGER -> {
				try {
					yield Long.valueOf(text);
				}
				catch (NumberFormatException ex) {
					throw new ConfigurationProblem(where, text, "an integer", "Write a whole number.");
				}
			}
		};
	}

	/**
	 * Checks a value against the type and constraints.
	 * @return the value as it goes into the claim, or {@code null} with the reason added to {@code violations}
	 */
	Object check(Object value, String pointer, List<Violation> violations) {
		switch (type) {
			case STRING -> {
				if (!(value instanceof String text)) {
					violations.add(new Violation(ProblemCode.WRONG_TYPE, pointer, "must be a string"));
					return null;
				}
				return checkString(text, pointer, violations) ? text : null;
			}
			case STRING_ARRAY -> {
				if (!(value instanceof List<?> list) || list.stream().anyMatch(item -> !(item instanceof String))) {
					violations.add(new Violation(ProblemCode.WRONG_TYPE, pointer, "must be an array of strings"));
					return null;
				}
				boolean ok = true;
				for (int i = 0; i < list.size(); i++) {
					ok &= checkString((String) list.get(i), pointer + "/" + i, violations);
				}
				return ok ? List.copyOf(list) : null;
			}
			case INTEGER -> {
				if (!(value instanceof Integer || value instanceof Long)) {
					violations.add(new Violation(ProblemCode.WRONG_TYPE, pointer, "must be an integer"));
					return null;
				}
				long number = ((Number) value).longValue();
				return allowed(number, pointer, violations) ? number : null;
			}
			case BOOLEAN -> {
				if (!(value instanceof Boolean flag)) {
					violations.add(new Violation(ProblemCode.WRONG_TYPE, pointer, "must be true or false"));
					return null;
				}
				return allowed(flag, pointer, violations) ? flag : null;
			}
		}
		throw new IllegalStateException("unknown type " + type);
	}

	private boolean checkString(String text, String pointer, List<Violation> violations) {
		int before = violations.size();
		TextField.check(text, pointer, maxLength, violations);
		if (violations.size() > before) {
			return false;
		}
		if (pattern != null && !pattern.matcher(text).matches()) {
			violations.add(new Violation(ProblemCode.PATTERN_MISMATCH, pointer, "must match " + pattern.pattern()));
			return false;
		}
		return allowed(text, pointer, violations);
	}

	private boolean allowed(Object value, String pointer, List<Violation> violations) {
		if (allowedValues != null && !allowedValues.contains(value)) {
			violations.add(new Violation(ProblemCode.VALUE_NOT_ALLOWED, pointer, "must be one of " + allowedValues));
			return false;
		}
		return true;
	}

}
