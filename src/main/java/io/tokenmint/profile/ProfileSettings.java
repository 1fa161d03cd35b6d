package io.tokenmint.profile;

import java.time.Duration;

import io.tokenmint.signing.TokenAlgorithm;

import org.jspecify.annotations.Nullable;

/**
 * What every profile is configured with: how its tokens are signed and addressed, and how long they live.
 *
 * @param keyId a key bound to the profile alone, or {@code null} for the algorithm's active key
 * @param backdating how far {@code iat} and {@code nbf} are set back
 */
record ProfileSettings(String name, TokenAlgorithm algorithm, @Nullable String keyId, @Nullable String issuer,
		@Nullable String audience, Duration defaultLifetime, Duration maxLifetime, Duration backdating) {
}
