package io.tokenmint.client;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.tokenmint.document.DocumentPattern;

/** How admin answers show a client. The API key appears only in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ClientView(String id, String name, @JsonProperty("max_permissions") Object maxPermissions,
		List<String> documents, @JsonProperty("max_expires_in") long maxExpiresIn,
		@JsonProperty("may_set_password") boolean maySetPassword, java.util.Set<String> profiles,
		@JsonProperty("created_at") Instant createdAt,
		@JsonProperty("revoked_at") Instant revokedAt, @JsonProperty("api_key") String apiKey) {

	static ClientView of(ApiClient client) {
		return withKey(client, null);
	}

	static ClientView withKey(ApiClient client, String apiKey) {
		return new ClientView(client.id(), client.name(), client.maxPermissions().claimValue(),
				client.documents().stream().map(DocumentPattern::pattern).toList(), client.maxExpiresIn().toSeconds(),
				client.maySetPassword(), client.profiles(), client.createdAt(), client.revokedAt(), apiKey);
	}

	@Override
	public String toString() {
		return "ClientView[id=" + id + ", name=" + name + "]";
	}

}
