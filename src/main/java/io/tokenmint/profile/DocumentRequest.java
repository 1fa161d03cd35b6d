package io.tokenmint.profile;

import java.util.List;

import io.tokenmint.document.CollaborationRule;
import io.tokenmint.document.PermissionSet;

import org.jspecify.annotations.Nullable;

/**
 * Access to one document asked for. Absent {@code permissions} means whatever the caller may give;
 * absent {@code collaborationRules} means no restriction, an empty list none at all.
 *
 * @param password whether the request carries a PDF password (its value never reaches the policy)
 */
public record DocumentRequest(String documentId, @Nullable String layer, @Nullable PermissionSet permissions,
		@Nullable String creatorName, @Nullable String group, @Nullable List<CollaborationRule> collaborationRules,
		boolean password) {
}
