package io.tokenmint.signing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One key's life as the rotation schedule and the consumers see it.
 *
 * @param state {@code PUBLISHED}, {@code ACTIVE} or {@code RETIRED}
 * @param managed whether tokenmint generated it (and so may destroy it); keystore keys are the operator's
 * @param activateAt for a managed key, when it was planned to start signing
 * @param publicKeyPem SPKI PEM; {@code null} for a keystore key this replica no longer holds
 * @param dedicated bound to one profile by configuration ({@code key-id}), so outside rotation
 * @param profile the profile whose own line of managed keys it belongs to, or {@code null} for the shared line
 */
public record KeyLife(String kid, TokenAlgorithm algorithm, String state, boolean managed, Instant firstPublishedAt,
		@Nullable Instant activatedAt, @Nullable Instant retiredAt, @Nullable Instant publishedUntil, @Nullable Instant activateAt,
		@Nullable Instant destroyedAt, @Nullable String publicKeyPem, boolean dedicated, @Nullable String profile) {

	public KeyLine line() {
		return new KeyLine(algorithm, profile);
	}

	public boolean isActive() {
		return "ACTIVE".equals(state);
	}

	public boolean isRetired() {
		return "RETIRED".equals(state);
	}

	/** Published and never activated: a successor waiting for its time. */
	public boolean isWaiting() {
		return "PUBLISHED".equals(state) && activatedAt == null;
	}

	/** Whether verifiers should still trust it. */
	public boolean isPublishedAt(Instant now) {
		return destroyedAt == null && (!isRetired() || (publishedUntil != null && now.isBefore(publishedUntil)));
	}

}
