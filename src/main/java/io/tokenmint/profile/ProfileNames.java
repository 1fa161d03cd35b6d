package io.tokenmint.profile;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;

/**
 * Reads the {@code profiles} a client or grant may use; absent or empty means the default profile alone. An empty
 * list is the field left out wherever that grants no more (docs/api.md): generated clients send one for a list they
 * were not given.
 */
public final class ProfileNames {

	private ProfileNames() {
	}

	public static Set<String> parse(List<String> names, TokenProfiles profiles, List<Violation> violations) {
		if (names == null || names.isEmpty()) {
			return Set.of(profiles.defaultProfile());
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
