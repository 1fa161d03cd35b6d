package io.tokenmint.signing;

import java.time.Instant;

/**
 * The stored state of one key.
 *
 * @param publishedUntil for a retired key: when the last token it can have signed has expired
 * @param profile the profile whose own line the key belongs to, or {@code null} for its algorithm's shared line
 */
record KeyStateRecord(String kid, TokenAlgorithm algorithm, KeyState state, Instant firstPublishedAt, Instant activatedAt,
		Instant retiredAt, Instant publishedUntil, @org.jspecify.annotations.Nullable String profile) {

	KeyLine line() {
		return new KeyLine(algorithm, profile);
	}

	boolean isPublishedAt(Instant now) {
		return state != KeyState.RETIRED || (publishedUntil != null && now.isBefore(publishedUntil));
	}

}
