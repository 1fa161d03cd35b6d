package io.tokenmint.policy;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code POST /admin/grants}. */
record GrantRequest(String subject, @JsonProperty("document_id") String documentId, String layer, Object permissions,
		@JsonProperty("collaboration_permissions") List<String> collaborationPermissions,
		@JsonProperty("default_group") String defaultGroup, @JsonProperty("max_expires_in") Long maxExpiresIn,
		List<String> profiles) {
}
