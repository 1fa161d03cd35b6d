package io.tokenmint.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.tokenmint.document.CollaborationRule;
import io.tokenmint.document.DocumentPattern;
import io.tokenmint.document.PermissionSet;

/**
 * What a user or group may get: permissions on matching documents and layers.
 *
 * @param subject {@code user:<sub>} or {@code group:<name>}
 * @param layer {@code *} for every layer, a layer name, or {@code null} for the document's default layer only
 * @param collaborationRules {@code null} for no restriction
 * @param profiles the token profiles it gives; for profiles without documents (moengage, custom) the document
 *        and layer do not matter
 */
record Grant(String id, String subject, DocumentPattern document, String layer, PermissionSet permissions,
		List<CollaborationRule> collaborationRules, String defaultGroup, Duration maxExpiresIn, Set<String> profiles,
		Instant createdAt) {

	public static final String ANY_LAYER = "*";

	/** Whether this grant speaks about the given document and layer ({@code null} layer = default layer). */
	public boolean covers(String documentId, String requestedLayer) {
		if (!document.matches(documentId)) {
			return false;
		}
		if (ANY_LAYER.equals(layer)) {
			return true;
		}
		return layer == null ? requestedLayer == null : layer.equals(requestedLayer);
	}

}
