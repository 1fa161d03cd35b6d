package io.tokenmint.profile;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the access policy allows: the user the token is about, its lifetime, the access to a document it
 * grants, and the signed-in user's identity-token claims that a profile may copy.
 */
public record Decision(@Nullable String userId, Duration lifetime, @Nullable DocumentGrant document,
		Map<String, Object> identity) {

	public Decision {
		identity = Map.copyOf(identity);
	}

	@Override
	public String toString() {
		return "Decision[userId=" + userId + ", lifetime=" + lifetime + ", document=" + document + "]";
	}

}
