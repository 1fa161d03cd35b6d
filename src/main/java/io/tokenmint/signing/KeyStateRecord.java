package io.tokenmint.signing;

import java.time.Instant;

/**
 * The stored state of one key.
 *
 * @param publishedUntil for a retired key: when the last token it can have signed has expired
 */
record KeyStateRecord(String kid, TokenAlgorithm algorithm, KeyState state, Instant firstPublishedAt, Instant activatedAt,
		Instant retiredAt, Instant publishedUntil) {

	boolean isPublishedAt(Instant now) {
		return state != KeyState.RETIRED || (publishedUntil != null && now.isBefore(publishedUntil));
	}

}
