package io.tokenmint.profile;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The documented shape of an instant token request, for the OpenAPI document only: the service reads the body as
 * fields of the profile it names.
 */
@Schema(name = "InstantTokenRequest", description = "Nutrient Document Engine (profile instant, the default)",
		additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
record InstantRequestDoc(
		@Schema(description = "instant, or absent when instant is the default profile") String profile,
		@JsonProperty("document_id") @Schema(description = "Document Engine document id", maxLength = 256, requiredMode = Schema.RequiredMode.REQUIRED) String documentId,
		@Schema(description = "Instant layer; absent means the default layer", maxLength = 256) String layer,
		@JsonProperty("user_id") @Schema(maxLength = 256) String userId,
		@Schema(description = "all, or an array of permission names", oneOf = { String.class, String[].class }) Object permissions,
		@JsonProperty("creator_name") @Schema(maxLength = 256) String creatorName,
		@Schema(description = "emitted as default_group", maxLength = 256) String group,
		@JsonProperty("collaboration_permissions") @Schema(description = "<content-type>:<action>:<scope> rules") List<String> collaborationPermissions,
		@Schema(description = "opens a password-protected PDF; clients with may_set_password only") String password,
		@JsonProperty("expires_in") @Schema(description = "seconds", minimum = "1") Long expiresIn) {
}
