package io.tokenmint.profile;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * MoEngage SDK authentication (Android 14.04.00+, iOS 10.08.0+): {@code sub} must equal the identifier the
 * app passes to {@code MoECoreHelper.passAuthenticationDetails}; the SDK checks {@code exp}, {@code iat} and
 * {@code nbf}. Problems are reported in the SDK's own error names (docs/token-formats.md, section 2).
 */
final class MoEngageProfile extends SdkUserProfile {

	static final String NAME = "moengage";

	MoEngageProfile(ProfileProperties.SdkUser properties, Duration maxLifetime, @Nullable String serviceIssuer) {
		super(NAME, properties, maxLifetime, serviceIssuer);
	}

	@Override
	void checkType(@Nullable Object type, Findings findings) {
		if (type != null && !"JWT".equals(type)) {
			findings.problem(VerifyCheck.HEADER_TYPE_INCOMPATIBLE, "typ must be JWT");
		}
	}

	@Override
	void checkClaims(Map<String, Object> claims, Findings findings) {
		if (!claims.containsKey("iat")) {
			findings.problem(VerifyCheck.MISSING_CLAIM, "iat is required");
		}
	}

	@Override
	public Finding inConsumerTerms(Finding finding) {
		VerifyCheck code = switch (finding.code()) {
			case TOKEN_EXPIRED, TOKEN_NOT_YET_VALID, ISSUED_IN_FUTURE -> VerifyCheck.TIME_CONSTRAINT_FAILURE;
			case INVALID_SIGNATURE, UNKNOWN_KID, MISSING_KID, KEY_NOT_FOR_PROFILE -> VerifyCheck.INVALID_SIGNATURE;
			case UNSUPPORTED_ALGORITHM, KEY_ALGORITHM_MISMATCH -> VerifyCheck.HEADER_TYPE_INCOMPATIBLE;
			case MISSING_CLAIM -> VerifyCheck.PAYLOAD_CONTENT_MISSING;
			default -> finding.code();
		};
		return new Finding(code, finding.message());
	}

}
