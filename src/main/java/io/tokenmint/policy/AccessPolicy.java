package io.tokenmint.policy;

import java.util.ArrayList;
import java.util.List;

import io.tokenmint.caller.Caller;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.RequestRefused;
import io.tokenmint.profile.TokenProfile;

import org.springframework.stereotype.Component;

/**
 * Who may get which tokens: the one place that tells callers apart. A caller is first admitted to a profile
 * (before the profile reads a single field, so that a caller without it learns nothing of its fields), then
 * the admission decides the request.
 */
@Component
public class AccessPolicy {

	private final GrantService grants;

	AccessPolicy(GrantService grants) {
		this.grants = grants;
	}

	/**
	 * @throws RequestRefused when the caller may not ask for this profile's tokens at all
	 */
	public Admission admit(Caller caller, TokenProfile<?> profile) {
		if (caller instanceof Caller.Client client) {
			return ClientScope.of(client.client(), profile);
		}
		if (caller instanceof Caller.EndUser user) {
			return GrantScope.of(user, profile, grantsOf(user));
		}
		// The security chain lets only clients and users reach the token endpoint; deny anything else all the same.
		throw new RequestRefused(ProblemCode.ACCESS_DENIED, "These credentials are not issued tokens.");
	}

	private List<Grant> grantsOf(Caller.EndUser user) {
		List<String> subjects = new ArrayList<>();
		subjects.add("user:" + user.subject());
		user.groups().stream().sorted().forEach(group -> subjects.add("group:" + group));
		return grants.grantsOf(subjects);
	}

}
