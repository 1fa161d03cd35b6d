package io.tokenmint.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.RequestRefused;
import io.tokenmint.profile.CollaborationRule;
import io.tokenmint.profile.InstantDecision;
import io.tokenmint.profile.InstantRequest;
import io.tokenmint.profile.PermissionSet;
import io.tokenmint.profile.TokenProfiles;

import org.springframework.stereotype.Component;

/**
 * Decides what a signed-in app user gets, from grants alone: deny by default, never more than the
 * grants that match the document and layer allow together.
 */
@Component
public class GrantPolicy {

	private final GrantService grants;

	private final Duration defaultLifetime;

	GrantPolicy(GrantService grants, TokenmintProperties properties) {
		this.grants = grants;
		this.defaultLifetime = properties.defaultExpiresIn();
	}

	/**
	 * @param subject the identity provider's {@code sub}
	 * @param groups the user's groups from the identity token
	 * @param name the user's display name from the identity token, or {@code null}
	 * @throws RequestRefused naming why
	 */
	public InstantDecision decide(String subject, Set<String> groups, String name, InstantRequest request) {
		refuseFieldsTheUserCannotSet(subject, name, request);
		List<Grant> matching = grantsOf(subject, groups).stream()
			.filter(grant -> grant.profiles().contains(TokenProfiles.INSTANT))
			.filter(grant -> grant.covers(request.documentId(), request.layer()))
			.toList();
		return decide(subject, name, request, matching, defaultLifetime);
	}

	/**
	 * Decides the lifetime of a token of a profile without documents (moengage, custom): some grant of the
	 * user or their groups must name the profile; the largest {@code max_expires_in} among those caps it.
	 */
	public Duration decideProfile(String subject, Set<String> groups, String profile, Duration requested, Duration profileDefault) {
		List<Grant> matching = grantsOf(subject, groups).stream().filter(grant -> grant.profiles().contains(profile)).toList();
		if (matching.isEmpty()) {
			throw new RequestRefused(ProblemCode.NO_GRANT, "No grant gives you " + profile + " tokens.");
		}
		Duration cap = matching.stream().map(Grant::maxExpiresIn).max(Duration::compareTo).orElseThrow();
		Duration asked = requested == null ? profileDefault : requested;
		return asked.compareTo(cap) <= 0 ? asked : cap;
	}

	private List<Grant> grantsOf(String subject, Set<String> groups) {
		List<String> subjects = new ArrayList<>();
		subjects.add("user:" + subject);
		groups.stream().sorted().forEach(group -> subjects.add("group:" + group));
		return grants.grantsOf(subjects);
	}

	/** The rules of the decision, apart from where the grants come from. */
	static InstantDecision decide(String subject, String name, InstantRequest request, List<Grant> matching,
			Duration defaultLifetime) {
		if (matching.isEmpty()) {
			throw new RequestRefused(ProblemCode.NO_GRANT, "No grant gives you this document and layer.");
		}
		PermissionSet allowed = matching.stream().map(Grant::permissions).reduce(PermissionSet::union).orElseThrow();
		PermissionSet permissions = request.permissions() == null ? allowed : request.permissions();
		if (!allowed.covers(permissions)) {
			throw new RequestRefused(ProblemCode.PERMISSION_NOT_GRANTED,
					"Not granted: " + allowed.uncovered(permissions) + ".");
		}
		List<CollaborationRule> rules = null;
		if (matching.stream().allMatch(grant -> grant.collaborationRules() != null)) {
			Set<CollaborationRule> union = new LinkedHashSet<>();
			matching.forEach(grant -> union.addAll(grant.collaborationRules()));
			rules = List.copyOf(union);
		}
		Duration cap = matching.stream().map(Grant::maxExpiresIn).max(Duration::compareTo).orElseThrow();
		Duration asked = request.expiresIn() == null ? defaultLifetime : request.expiresIn();
		Duration lifetime = asked.compareTo(cap) <= 0 ? asked : cap;
		String defaultGroup = matching.stream().map(Grant::defaultGroup).filter(group -> group != null).findFirst().orElse(null);
		return new InstantDecision(request.documentId(), request.layer(), subject, permissions, name, defaultGroup, rules,
				null, lifetime);
	}

	private static void refuseFieldsTheUserCannotSet(String subject, String name, InstantRequest request) {
		if (request.userId() != null && !request.userId().equals(subject)) {
			throw new RequestRefused(ProblemCode.USER_ID_MISMATCH, "user_id must be your own subject, or left out.");
		}
		if (request.password() != null) {
			throw new RequestRefused(ProblemCode.PASSWORD_NOT_ALLOWED, "Signed-in users cannot set a PDF password.");
		}
		if (request.creatorName() != null && !request.creatorName().equals(name)) {
			throw new RequestRefused(ProblemCode.FIELD_NOT_ALLOWED, "creator_name comes from your identity token.");
		}
		if (request.group() != null) {
			throw new RequestRefused(ProblemCode.FIELD_NOT_ALLOWED, "group comes from your grants.");
		}
		if (request.collaborationRules() != null) {
			throw new RequestRefused(ProblemCode.FIELD_NOT_ALLOWED, "collaboration_permissions come from your grants.");
		}
	}

}
