package io.tokenmint.signing;

import java.util.Map;
import java.util.Set;

/**
 * The algorithms the configured token profiles sign with. The key ring needs an active key for each,
 * and names the matching one in each key's JWK; the profiles say which, so signing knows nothing of them.
 */
public interface AlgorithmsInUse {

	Set<TokenAlgorithm> algorithms();

	/** The algorithm of the default profile, whose active key {@code /keys/current.pem} serves. */
	TokenAlgorithm primary();

	/**
	 * Keys bound to one profile each (by kid), with the algorithm they sign: such a key signs that profile's
	 * tokens only, and is never the active key of its algorithm for the others.
	 */
	default Map<String, TokenAlgorithm> dedicatedKeys() {
		return Map.of();
	}

	/** What each profile signs with, by profile name: its own key, or its algorithm's active key. */
	default Map<String, ProfileKey> profileKeys() {
		return Map.of();
	}

	/**
	 * One profile's signing key.
	 *
	 * @param kid the key bound to the profile alone, or {@code null} for the active key of the algorithm
	 */
	record ProfileKey(TokenAlgorithm algorithm, @org.jspecify.annotations.Nullable String kid) {

		/** Profiles with equal descriptions sign with the same key. */
		String describe() {
			return kid != null ? "key " + kid : "the active " + algorithm + " key";
		}

	}

}
