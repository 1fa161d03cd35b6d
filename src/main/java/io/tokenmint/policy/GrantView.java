package io.tokenmint.policy;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.tokenmint.document.CollaborationRule;

/** How admin answers show a grant. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record GrantView(String id, String subject, @JsonProperty("document_id") String documentId, String layer, Object permissions,
		@JsonProperty("collaboration_permissions") List<String> collaborationPermissions,
		@JsonProperty("default_group") String defaultGroup, @JsonProperty("max_expires_in") long maxExpiresIn,
		java.util.Set<String> profiles, @JsonProperty("created_at") Instant createdAt) {

	static GrantView of(Grant grant) {
		return new GrantView(grant.id(), grant.subject(), grant.document().pattern(), grant.layer(),
				grant.permissions().claimValue(),
				grant.collaborationRules() == null ? null : grant.collaborationRules().stream().map(CollaborationRule::toString).toList(),
				grant.defaultGroup(), grant.maxExpiresIn().toSeconds(), grant.profiles(), grant.createdAt());
	}

}
