package io.tokenmint.profile;

import java.time.Duration;
import java.util.List;

/**
 * What a caller gets after policy has had its say: the values the Document Engine token will carry.
 * {@code collaborationRules} is {@code null} for no restriction.
 */
public record InstantDecision(String documentId, String layer, String userId, PermissionSet permissions,
		String creatorName, String defaultGroup, List<CollaborationRule> collaborationRules, String password,
		Duration lifetime) {

	@Override
	public String toString() {
		return "InstantDecision[documentId=" + documentId + ", layer=" + layer + ", userId=" + userId + ", permissions="
				+ permissions + ", collaborationRules=" + collaborationRules + ", lifetime=" + lifetime + "]";
	}

}
