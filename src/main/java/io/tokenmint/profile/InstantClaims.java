package io.tokenmint.profile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a decision into Document Engine's claims (see docs/token-formats.md, section 1). Absent values
 * give absent claims, never {@code null}. The registered claims (exp, iat, nbf, jti, iss) are added by
 * the signer.
 */
public final class InstantClaims {

	private InstantClaims() {
	}

	public static Map<String, Object> from(InstantDecision decision) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("document_id", decision.documentId());
		claims.put("permissions", decision.permissions().claimValue());
		putIfPresent(claims, "layer", decision.layer());
		putIfPresent(claims, "user_id", decision.userId());
		putIfPresent(claims, "creator_name", decision.creatorName());
		// The iOS guide calls this claim "group"; Document Engine's reference names it default_group.
		putIfPresent(claims, "default_group", decision.defaultGroup());
		if (decision.collaborationRules() != null) {
			claims.put("collaboration_permissions", decision.collaborationRules().stream().map(CollaborationRule::toString).toList());
		}
		putIfPresent(claims, "password", decision.password());
		return claims;
	}

	private static void putIfPresent(Map<String, Object> claims, String name, String value) {
		if (value != null) {
			claims.put(name, value);
		}
	}

}
