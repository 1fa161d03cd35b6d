package io.tokenmint.client;

import java.time.Duration;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.RequestRefused;
import io.tokenmint.profile.InstantDecision;
import io.tokenmint.profile.InstantRequest;
import io.tokenmint.profile.PermissionSet;
import io.tokenmint.profile.TokenProfiles;

import org.springframework.stereotype.Component;

/**
 * Decides what an API client gets: everything it asks for inside its scope, nothing outside it. A client
 * speaks for its users, so it names user_id, creator_name and the rest itself.
 */
@Component
public class ClientScopePolicy {

	private final Duration defaultLifetime;

	public ClientScopePolicy(TokenmintProperties properties) {
		this.defaultLifetime = properties.defaultExpiresIn();
	}

	/** @throws RequestRefused naming the first limit the request goes past */
	public InstantDecision decide(ApiClient client, InstantRequest request) {
		requireProfile(client, TokenProfiles.INSTANT);
		if (!client.mayAccess(request.documentId())) {
			throw new RequestRefused(ProblemCode.DOCUMENT_NOT_ALLOWED, "This client may not issue tokens for this document.");
		}
		PermissionSet permissions = request.permissions() == null ? client.maxPermissions() : request.permissions();
		if (!client.maxPermissions().covers(permissions)) {
			throw new RequestRefused(ProblemCode.PERMISSION_NOT_ALLOWED,
					"This client may not grant " + client.maxPermissions().uncovered(permissions) + ".");
		}
		if (request.password() != null && !client.maySetPassword()) {
			throw new RequestRefused(ProblemCode.PASSWORD_NOT_ALLOWED, "This client may not put a PDF password into tokens.");
		}
		Duration lifetime = lifetime(client, request.expiresIn(), defaultLifetime);
		return new InstantDecision(request.documentId(), request.layer(), request.userId(), permissions,
				request.creatorName(), request.group(), request.collaborationRules(), request.password(), lifetime);
	}

	/**
	 * Decides the lifetime of a token of a profile without documents (moengage, custom).
	 * @param requested {@code null} for the profile's default
	 */
	public Duration decideProfile(ApiClient client, String profile, Duration requested, Duration profileDefault) {
		requireProfile(client, profile);
		return lifetime(client, requested, profileDefault);
	}

	private static void requireProfile(ApiClient client, String profile) {
		if (!client.profiles().contains(profile)) {
			throw new RequestRefused(ProblemCode.PROFILE_NOT_ALLOWED, "This client may not issue " + profile + " tokens.");
		}
	}

	private static Duration lifetime(ApiClient client, Duration requested, Duration defaultLifetime) {
		if (requested == null) {
			// Not asked for: the default, shortened to what the client may issue rather than refused.
			return defaultLifetime.compareTo(client.maxExpiresIn()) <= 0 ? defaultLifetime : client.maxExpiresIn();
		}
		if (requested.compareTo(client.maxExpiresIn()) > 0) {
			throw new RequestRefused(ProblemCode.EXPIRES_IN_NOT_ALLOWED,
					"This client may issue tokens for at most " + client.maxExpiresIn().toSeconds() + " seconds.");
		}
		return requested;
	}

}
