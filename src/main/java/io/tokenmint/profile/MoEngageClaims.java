package io.tokenmint.profile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MoEngage SDK authentication (Android 14.04.00+, iOS 10.08.0+): {@code sub} must equal the identifier the app
 * passes to {@code passAuthenticationDetails}; the SDK checks {@code exp}, {@code iat} and {@code nbf}, which the
 * signer adds. See docs/token-formats.md, section 2.
 */
public final class MoEngageClaims {

	public static final String PROFILE = "moengage";

	private MoEngageClaims() {
	}

	public static Map<String, Object> from(String subject, String audience) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", subject);
		if (audience != null && !audience.isBlank()) {
			claims.put("aud", audience);
		}
		return claims;
	}

}
