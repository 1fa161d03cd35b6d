package io.tokenmint.profile;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A decoded token under verification, signature checked or not.
 *
 * @param identifier the user identifier the app will pass to the consumer's SDK, when the caller gave one
 */
public record TokenFacts(Map<String, Object> header, Map<String, Object> claims, @Nullable String identifier) {
}
