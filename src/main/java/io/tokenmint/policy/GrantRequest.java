package io.tokenmint.policy;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /admin/grants}. */
record GrantRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String subject,
		@JsonProperty("document_id") @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String documentId, String layer,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Object permissions,
		@JsonProperty("collaboration_permissions") List<String> collaborationPermissions,
		@JsonProperty("default_group") String defaultGroup, @JsonProperty("max_expires_in") Long maxExpiresIn,
		List<String> profiles) {
}
