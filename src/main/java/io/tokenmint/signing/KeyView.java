package io.tokenmint.signing;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A key as {@code GET /admin/keys} shows it.
 *
 * @param loaded whether this replica holds its private part now (in the keystore, or unwrapped)
 * @param source {@code keystore} (the operator's) or {@code managed} (generated and rotated by tokenmint)
 * @param profile the profile whose own line of keys it belongs to; absent for a shared key of its algorithm
 * @param deliveries how far its delivery to each registered consumer has got
 * @param fingerprint SHA-256 of the SubjectPublicKeyInfo, as {@code openssl pkey -pubin -outform DER | sha256sum} gives
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record KeyView(String kid, String alg, @JsonProperty("key_type") String keyType, @JsonProperty("key_size") Integer keySize,
		String curve, @JsonProperty("fingerprint_sha256") String fingerprint, String state, boolean loaded,
		@JsonProperty("first_published_at") Instant firstPublishedAt, @JsonProperty("activated_at") Instant activatedAt,
		@JsonProperty("retired_at") Instant retiredAt, @JsonProperty("published_until") Instant publishedUntil,
		@JsonProperty("certificate_expires_at") Instant certificateExpiresAt, String source,
		@JsonProperty("activate_at") Instant activateAt, @JsonProperty("destroyed_at") Instant destroyedAt, String profile,
		java.util.List<KeyDistribution.Delivery> deliveries) {

	static KeyView of(String kid, SigningKey key, KeyStateRecord row, String fingerprint, ManagedKeyRecord managed,
			java.util.List<KeyDistribution.Delivery> deliveries) {
		var description = key == null ? null : key.description();
		return new KeyView(kid, row == null ? null : row.algorithm().name(), description == null ? null : description.type(),
				description == null ? null : description.bits(),
				description == null || description.curve().isEmpty() ? null : description.curve(), fingerprint,
				row == null ? null : row.state().name(), key != null, row == null ? null : row.firstPublishedAt(),
				row == null ? null : row.activatedAt(), row == null ? null : row.retiredAt(),
				row == null ? null : row.publishedUntil(), key == null ? null : key.certificateExpiry(),
				managed == null ? "keystore" : "managed", managed == null ? null : managed.activateAt(),
				managed == null ? null : managed.destroyedAt(), row == null ? null : row.profile(), deliveries);
	}

}
