package io.tokenmint.audit;

import java.time.Instant;
import java.util.List;

/**
 * One token request that reached a decision. Never holds the token, a key or a password.
 *
 * @param outcome {@code ISSUED} or {@code REFUSED}
 * @param refusalCode the problem code of a refusal
 */
public record AuditEntry(Instant occurredAt, String callerKind, String callerId, String profile, String documentId,
		String layer, String userId, List<String> permissions, List<String> collaborationPermissions, String jti,
		String kid, Instant expiresAt, Outcome outcome, String refusalCode, String remoteAddress, String userAgent) {

	public enum Outcome {

		ISSUED, REFUSED

	}

}
