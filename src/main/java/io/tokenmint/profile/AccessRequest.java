package io.tokenmint.profile;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a token request asks for, as the access policy reads it: who the token is about, for how long, which
 * document if any, and which values only a trusted backend may choose. Nothing here is a claim or a JWT.
 *
 * @param document the document the token opens, for profiles that open one
 * @param userId the user the caller names, or {@code null}
 * @param userIdRequiredAt where a backend must name the user when the token's subject is the user (a
 *        JSON pointer into the request), or {@code null} when naming one is optional
 * @param lifetime the lifetime asked for, or {@code null} for the profile's default
 * @param clientOnlyFields request fields whose values go into the token as given: a signed-in user may set
 *        none of them, or they could write anything into a token the consumer trusts
 */
public record AccessRequest(@Nullable DocumentRequest document, @Nullable String userId, @Nullable String userIdRequiredAt,
		@Nullable Duration lifetime, List<String> clientOnlyFields) {

	public AccessRequest {
		clientOnlyFields = List.copyOf(clientOnlyFields);
	}

}
