package io.tokenmint.policy;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tokenmint.caller.Caller;
import io.tokenmint.document.CollaborationRule;
import io.tokenmint.document.PermissionSet;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.RequestRefused;
import io.tokenmint.profile.AccessRequest;
import io.tokenmint.profile.DocumentGrant;
import io.tokenmint.profile.DocumentRequest;
import io.tokenmint.profile.TokenProfile;

import org.jspecify.annotations.Nullable;

/**
 * What a signed-in app user gets, from grants alone: deny by default, never more than the grants that name
 * the profile (and, for a document, match it and the layer) allow together.
 */
final class GrantScope extends Admission {

	private final Caller.EndUser user;

	private final List<Grant> grants;

	private @Nullable List<Grant> matching;

	private GrantScope(Caller.EndUser user, TokenProfile<?> profile, List<Grant> grants) {
		super(profile);
		this.user = user;
		this.grants = grants;
	}

	/**
	 * @param held the grants of the user and of their groups, the user's own first, then groups by name
	 * @throws RequestRefused when no grant names the profile
	 */
	static GrantScope of(Caller.EndUser user, TokenProfile<?> profile, List<Grant> held) {
		List<Grant> forProfile = held.stream().filter(grant -> grant.profiles().contains(profile.name())).toList();
		if (forProfile.isEmpty()) {
			throw new RequestRefused(ProblemCode.NO_GRANT, "No grant gives you " + profile.name() + " tokens.");
		}
		return new GrantScope(user, profile, forProfile);
	}

	@Override
	String userId(AccessRequest request) {
		if (request.userId() != null && !request.userId().equals(user.subject())) {
			throw new RequestRefused(ProblemCode.USER_ID_MISMATCH, "user_id must be your own subject, or left out.");
		}
		return user.subject();
	}

	@Override
	void refuseFieldsOnlyClientsSet(AccessRequest request) {
		if (!request.clientOnlyFields().isEmpty()) {
			// End users could otherwise write anything into a token a consumer trusts.
			throw new RequestRefused(ProblemCode.FIELD_NOT_ALLOWED, request.clientOnlyFields().get(0) + " can be set by API clients only.");
		}
		DocumentRequest document = request.document();
		if (document == null) {
			return;
		}
		if (document.password()) {
			throw new RequestRefused(ProblemCode.PASSWORD_NOT_ALLOWED, "Signed-in users cannot set a PDF password.");
		}
		if (document.creatorName() != null && !document.creatorName().equals(user.name())) {
			throw new RequestRefused(ProblemCode.FIELD_NOT_ALLOWED, "creator_name comes from your identity token.");
		}
		if (document.group() != null) {
			throw new RequestRefused(ProblemCode.FIELD_NOT_ALLOWED, "group comes from your grants.");
		}
		if (document.collaborationRules() != null) {
			throw new RequestRefused(ProblemCode.FIELD_NOT_ALLOWED, "collaboration_permissions come from your grants.");
		}
	}

	@Override
	DocumentGrant document(DocumentRequest request) {
		List<Grant> covering = grants.stream().filter(grant -> grant.covers(request.documentId(), request.layer())).toList();
		if (covering.isEmpty()) {
			throw new RequestRefused(ProblemCode.NO_GRANT, "No grant gives you this document and layer.");
		}
		matching = covering;
		return documentGrant(user, request, covering);
	}

	/** The rules of a document decision, apart from where the grants come from. */
	static DocumentGrant documentGrant(Caller.EndUser user, DocumentRequest request, List<Grant> covering) {
		PermissionSet allowed = covering.stream().map(Grant::permissions).reduce(PermissionSet::union).orElseThrow();
		PermissionSet permissions = request.permissions() == null ? allowed : request.permissions();
		if (!allowed.covers(permissions)) {
			throw new RequestRefused(ProblemCode.PERMISSION_NOT_GRANTED, "Not granted: " + allowed.uncovered(permissions) + ".");
		}
		List<CollaborationRule> rules = null;
		if (covering.stream().allMatch(grant -> grant.collaborationRules() != null)) {
			Set<CollaborationRule> union = new LinkedHashSet<>();
			covering.forEach(grant -> union.addAll(grant.collaborationRules()));
			rules = List.copyOf(union);
		}
		String defaultGroup = covering.stream().map(Grant::defaultGroup).filter(group -> group != null).findFirst().orElse(null);
		return new DocumentGrant(request.documentId(), request.layer(), permissions, user.name(), defaultGroup, rules);
	}

	/** The largest lifetime among the grants that decided: those covering the document, or all naming the profile. */
	@Override
	Duration maxLifetime() {
		List<Grant> deciding = matching == null ? grants : matching;
		return deciding.stream().map(Grant::maxExpiresIn).max(Duration::compareTo).orElseThrow();
	}

	@Override
	Map<String, Object> identity() {
		return user.claims();
	}

}
