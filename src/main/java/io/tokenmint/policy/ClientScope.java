package io.tokenmint.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tokenmint.client.ApiClient;
import io.tokenmint.document.DocumentPattern;
import io.tokenmint.document.PermissionSet;
import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.RequestRefused;
import io.tokenmint.profile.AccessRequest;
import io.tokenmint.profile.DocumentGrant;
import io.tokenmint.profile.DocumentRequest;
import io.tokenmint.profile.TokenProfile;

import org.jspecify.annotations.Nullable;

/** A backend's limits, set when its API client was created: profiles, documents, permissions, lifetime. */
final class ClientScope extends Admission {

	private final ApiClient client;

	private ClientScope(ApiClient client, TokenProfile<?> profile) {
		super(profile);
		this.client = client;
	}

	/** @throws RequestRefused when the client may not ask for this profile's tokens */
	static ClientScope of(ApiClient client, TokenProfile<?> profile) {
		if (!client.profiles().contains(profile.name())) {
			throw new RequestRefused(ProblemCode.PROFILE_NOT_ALLOWED, "This client may not issue " + profile.name() + " tokens.");
		}
		return new ClientScope(client, profile);
	}

	@Override
	@Nullable String userId(AccessRequest request) {
		if (request.userId() == null && request.userIdRequiredAt() != null) {
			throw new InvalidRequest(ProblemCode.FIELD_REQUIRED, request.userIdRequiredAt(), "is required: the user the token is about");
		}
		return request.userId();
	}

	@Override
	void refuseFieldsOnlyClientsSet(AccessRequest request) {
		// A backend may set them.
	}

	@Override
	DocumentGrant document(DocumentRequest request) {
		if (!client.mayAccess(request.documentId())) {
			// The document (checked already: no controls, at most 256 characters) is the caller's own, and the patterns its
			// own scope: naming both says how to fix it. At most ten patterns, so that the answer stays small.
			List<String> patterns = client.documents().stream().map(DocumentPattern::pattern).toList();
			String shown = patterns.size() <= 10 ? patterns.toString()
					: patterns.subList(0, 10) + " and " + (patterns.size() - 10) + " more";
			throw new RequestRefused(ProblemCode.DOCUMENT_NOT_ALLOWED, "This client may not issue tokens for document '" + request.documentId()
					+ "'; its documents are " + shown + " (PATCH /admin/clients/{id} changes them).");
		}
		PermissionSet permissions = request.permissions() == null ? client.maxPermissions() : request.permissions();
		if (!client.maxPermissions().covers(permissions)) {
			throw new RequestRefused(ProblemCode.PERMISSION_NOT_ALLOWED,
					"This client may not grant " + client.maxPermissions().uncovered(permissions) + ".");
		}
		if (request.password() && !client.maySetPassword()) {
			throw new RequestRefused(ProblemCode.PASSWORD_NOT_ALLOWED, "This client may not put a PDF password into tokens.");
		}
		return new DocumentGrant(request.documentId(), request.layer(), permissions, request.creatorName(), request.group(),
				request.collaborationRules());
	}

	@Override
	Duration maxLifetime() {
		return client.maxExpiresIn();
	}

	@Override
	Map<String, Object> identity() {
		return Map.of();
	}

}
