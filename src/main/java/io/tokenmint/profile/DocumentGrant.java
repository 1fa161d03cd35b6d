package io.tokenmint.profile;

import java.util.List;

import io.tokenmint.document.CollaborationRule;
import io.tokenmint.document.PermissionSet;

import org.jspecify.annotations.Nullable;

/** Access to one document as decided: {@code collaborationRules} is {@code null} for no restriction. */
public record DocumentGrant(String documentId, @Nullable String layer, PermissionSet permissions, @Nullable String creatorName,
		@Nullable String defaultGroup, @Nullable List<CollaborationRule> collaborationRules) {
}
