package io.tokenmint.token;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.tokenmint.profile.InstantRequest;

/**
 * Body of {@code POST /tokens}. Types are checked by the JSON reader, the claim rules by the profile.
 *
 * @param permissions {@code "all"} or an array of names; absent means the caller's default set
 * @param group emitted as the {@code default_group} claim
 * @param expiresIn seconds
 */
record TokenRequest(@JsonProperty("document_id") String documentId, String layer, @JsonProperty("user_id") String userId,
		Object permissions, @JsonProperty("creator_name") String creatorName, String group,
		@JsonProperty("collaboration_permissions") List<String> collaborationPermissions, String password,
		@JsonProperty("expires_in") Long expiresIn) {

	InstantRequest.Raw toInstant() {
		return new InstantRequest.Raw(documentId, layer, userId, permissions, creatorName, group, collaborationPermissions,
				password, expiresIn);
	}

	@Override
	public String toString() {
		return "TokenRequest[documentId=" + documentId + ", password=" + (password == null ? "absent" : "***") + "]";
	}

}
