package io.tokenmint.profile;

import java.util.Map;

/** The claims a profile built, typed until the signer needs them as a map. */
public interface TokenClaims {

	/** The claims as they are signed; the registered time and id claims are added by the signer. */
	Map<String, Object> asMap();

	/** What the audit records of this token. */
	AuditSummary audit();

}
