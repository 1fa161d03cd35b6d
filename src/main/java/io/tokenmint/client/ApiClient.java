package io.tokenmint.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.tokenmint.document.DocumentPattern;
import io.tokenmint.document.PermissionSet;

/**
 * A backend allowed to ask for tokens with an API key, and the most it may ask for.
 *
 * @param documents the document ids it may get tokens for
 * @param maxExpiresIn the longest lifetime it may ask for
 * @param maySetPassword whether it may put a PDF password into tokens
 * @param profiles the token profiles it may ask for
 */
public record ApiClient(String id, String name, PermissionSet maxPermissions, List<DocumentPattern> documents,
		Duration maxExpiresIn, boolean maySetPassword, Set<String> profiles, Instant createdAt, Instant revokedAt) {

	public boolean mayAccess(String documentId) {
		return documents.stream().anyMatch(pattern -> pattern.matches(documentId));
	}

	public boolean isRevoked() {
		return revokedAt != null;
	}

}
