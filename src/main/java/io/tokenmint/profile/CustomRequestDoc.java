package io.tokenmint.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The documented shape of a custom profile's token request, for the OpenAPI document only. */
@Schema(name = "CustomTokenRequest", description = "A profile declared in configuration: its own fields, as declared",
		additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
record CustomRequestDoc(@Schema(description = "the profile's name", requiredMode = Schema.RequiredMode.REQUIRED) String profile,
		@JsonProperty("expires_in") @Schema(description = "seconds", minimum = "1") Long expiresIn) {
}
