package io.tokenmint.token;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Answer of {@code POST /tokens}. */
record IssuedToken(String token, @JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") long expiresIn,
		@JsonProperty("expires_at") Instant expiresAt, String kid, String alg, String jti) {

	@Override
	public String toString() {
		return "IssuedToken[kid=" + kid + ", jti=" + jti + "]";
	}

}
