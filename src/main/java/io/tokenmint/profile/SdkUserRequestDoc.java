package io.tokenmint.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The documented shape of a moengage or braze token request, for the OpenAPI document only. */
@Schema(name = "SdkUserTokenRequest", description = "MoEngage (profile moengage) or Braze (profile braze) SDK authentication")
record SdkUserRequestDoc(@Schema(description = "moengage or braze", requiredMode = Schema.RequiredMode.REQUIRED) String profile,
		@JsonProperty("user_id") @Schema(description = "the identifier the app passes to the SDK; required from API clients, "
				+ "absent or your own subject from signed-in users", maxLength = 256) String userId,
		@JsonProperty("expires_in") @Schema(description = "seconds", minimum = "1") Long expiresIn) {
}
