package io.tokenmint.policy;

import java.time.Duration;
import java.util.Map;

import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.RequestRefused;
import io.tokenmint.profile.AccessRequest;
import io.tokenmint.profile.Decision;
import io.tokenmint.profile.DocumentGrant;
import io.tokenmint.profile.DocumentRequest;
import io.tokenmint.profile.TokenProfile;

import org.jspecify.annotations.Nullable;

/**
 * A caller let in to one profile: what it may get is decided here, by the rules every caller kind shares
 * (the user-id rule, the lifetime rule) around the ones its kind has (a client's scope, a user's grants).
 */
public abstract sealed class Admission permits ClientScope, GrantScope {

	final TokenProfile<?> profile;

	Admission(TokenProfile<?> profile) {
		this.profile = profile;
	}

	/**
	 * @throws RequestRefused naming the first limit the request goes past
	 * @throws InvalidRequest when a value the caller must give is missing
	 */
	public Decision decide(AccessRequest request) {
		refuseFieldsOnlyClientsSet(request);
		String userId = userId(request);
		DocumentGrant document = request.document() == null ? null : document(request.document());
		return new Decision(userId, lifetime(request.lifetime()), document, identity());
	}

	/**
	 * One rule for every caller: an absent lifetime is the profile's default, shortened to what the caller
	 * may get; one asked for past that is refused, so that nobody believes a token lives longer than it does.
	 */
	private Duration lifetime(@Nullable Duration requested) {
		Duration cap = min(maxLifetime(), profile.maxLifetime());
		if (requested == null) {
			return min(profile.defaultLifetime(), cap);
		}
		if (requested.compareTo(cap) > 0) {
			throw new RequestRefused(ProblemCode.EXPIRES_IN_NOT_ALLOWED,
					"Tokens of this profile may live at most " + cap.toSeconds() + " seconds for this caller.");
		}
		return requested;
	}

	private static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

	/**
	 * One rule for every caller: a backend names the user (and must, where the token is about the user); a
	 * signed-in user is the user, and may name only themselves.
	 */
	abstract @Nullable String userId(AccessRequest request);

	/** Values that go into the token as given: only a backend may choose them. */
	abstract void refuseFieldsOnlyClientsSet(AccessRequest request);

	/** Access to the document, within this caller's limits. */
	abstract DocumentGrant document(DocumentRequest request);

	/** The longest lifetime this caller may get for this profile. */
	abstract Duration maxLifetime();

	/** The signed-in user's identity-token claims; none for a backend. */
	abstract Map<String, Object> identity();

}
