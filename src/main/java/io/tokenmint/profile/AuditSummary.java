package io.tokenmint.profile;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** The parts of a token request the audit keeps, whatever the profile: never a password or a token. */
public record AuditSummary(@Nullable String documentId, @Nullable String layer, @Nullable String userId,
		@Nullable List<String> permissions, @Nullable List<String> collaborationPermissions) {

	public static final AuditSummary NONE = new AuditSummary(null, null, null, null, null);

	public AuditSummary withUserId(@Nullable String user) {
		return new AuditSummary(documentId, layer, user, permissions, collaborationPermissions);
	}

}
