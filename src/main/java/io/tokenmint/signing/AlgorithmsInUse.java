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

}
