package io.tokenmint.profile;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;

/** Reads the {@code profiles} a client or grant may use; absent means the default profile alone. */
public final class ProfileNames {

	private ProfileNames() {
	}

	public static Set<String> parse(List<String> names, TokenProfiles profiles, List<Violation> violations) {
		if (names == null) {
			return Set.of(profiles.defaultProfile());
		}
		if (names.isEmpty()) {
			violations.add(new Violation(ProblemCode.FIELD_BLANK, "/profiles", "name at least one profile, or leave it out for the default profile"));
			return null;
		}
		Set<String> parsed = new LinkedHashSet<>();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			if (name == null || !profiles.names().contains(name)) {
				violations.add(new Violation(ProblemCode.UNKNOWN_PROFILE, "/profiles/" + i, "not a profile; profiles: " + profiles.names()));
			}
			else {
				parsed.add(name);
			}
		}
		return parsed;
	}

}
