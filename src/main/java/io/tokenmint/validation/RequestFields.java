package io.tokenmint.validation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;

/**
 * The fields of a token request body as JSON gave them, read by a profile with their types checked.
 * Every problem is collected with its pointer; fields no reader asked for are unknown to the profile.
 */
public final class RequestFields {

	private final Map<String, Object> values;

	private final Set<String> read = new HashSet<>();

	private final List<Violation> violations = new ArrayList<>();

	public RequestFields(Map<String, Object> values) {
		this.values = values == null ? Map.of() : new LinkedHashMap<>(values);
	}

	public boolean has(String name) {
		return values.get(name) != null;
	}

	public Set<String> names() {
		return values.keySet();
	}

	/** The value as JSON gave it; {@code null} when absent or {@code null}. */
	public Object raw(String name) {
		read.add(name);
		return values.get(name);
	}

	public String string(String name) {
		Object value = raw(name);
		if (value == null || value instanceof String) {
			return (String) value;
		}
		violations.add(new Violation(ProblemCode.WRONG_TYPE, pointer(name), "must be a string"));
		return null;
	}

	public List<String> strings(String name) {
		Object value = raw(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof List<?> list)) {
			violations.add(new Violation(ProblemCode.WRONG_TYPE, pointer(name), "must be an array of strings"));
			return null;
		}
		List<String> strings = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			if (list.get(i) instanceof String text) {
				strings.add(text);
			}
			else {
				violations.add(new Violation(ProblemCode.WRONG_TYPE, pointer(name) + "/" + i, "must be a string"));
			}
		}
		return strings.size() == list.size() ? strings : null;
	}

	/** A whole number; one too large for a long reads as {@link Long#MAX_VALUE}, out of any range. */
	public Long integer(String name) {
		Object value = raw(name);
		if (value == null) {
			return null;
		}
		if (value instanceof Integer || value instanceof Long) {
			return ((Number) value).longValue();
		}
		if (value instanceof BigInteger big) {
			return big.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
		}
		violations.add(new Violation(ProblemCode.WRONG_TYPE, pointer(name), "must be a whole number"));
		return null;
	}

	/** Marks fields as part of the request without reading them (such as the profile name). */
	public void accept(String... names) {
		read.addAll(List.of(names));
	}

	/** Adds an UNKNOWN_FIELD violation for every field nobody read. */
	public void refuseUnread(String profile) {
		for (String name : values.keySet()) {
			if (!read.contains(name)) {
				violations.add(new Violation(ProblemCode.UNKNOWN_FIELD, pointer(name), "not a field of profile " + profile));
			}
		}
	}

	public List<Violation> violations() {
		return violations;
	}

	/** RFC 6901: '~' and '/' in a name are escaped. */
	public static String pointer(String name) {
		return "/" + name.replace("~", "~0").replace("/", "~1");
	}

}
