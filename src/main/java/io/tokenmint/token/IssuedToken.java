package io.tokenmint.token;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** Answer of {@code POST /tokens}. */
record IssuedToken(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String token,
		@JsonProperty("token_type") @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String tokenType,
		@JsonProperty("expires_in") @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long expiresIn,
		@JsonProperty("expires_at") @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant expiresAt,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String kid, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String alg,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String jti) {

	@Override
	public String toString() {
		return "IssuedToken[kid=" + kid + ", jti=" + jti + "]";
	}

}
