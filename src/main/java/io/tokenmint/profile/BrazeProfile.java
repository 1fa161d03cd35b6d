package io.tokenmint.profile;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Braze SDK Authentication: an RS256 token with {@code typ: JWT}, whose {@code sub} is the user id the app
 * passes to {@code changeUser}, and an {@code exp}; Braze checks it against up to three public keys uploaded
 * to the app's settings (braze.com/docs/developer_guide/sdk_integration/authentication). Problems are
 * reported in the SDK's error names (the {@code reason} of its authentication failures).
 */
final class BrazeProfile extends SdkUserProfile {

	static final String NAME = "braze";

	BrazeProfile(ProfileProperties.SdkUser properties, Duration maxLifetime, @Nullable String serviceIssuer) {
		super(NAME, properties, maxLifetime, serviceIssuer);
	}

	/** Braze lists {@code typ} as required, with the value {@code JWT}. */
	@Override
	void checkType(@Nullable Object type, Findings findings) {
		if (!"JWT".equals(type)) {
			findings.problem(VerifyCheck.HEADER_TYPE_INCOMPATIBLE, "typ must be JWT");
		}
	}

	@Override
	public Finding inConsumerTerms(Finding finding) {
		VerifyCheck code = switch (finding.code()) {
			case TOKEN_EXPIRED -> VerifyCheck.EXPIRED;
			case MISSING_CLAIM -> finding.message().startsWith("exp ") ? VerifyCheck.EXPIRATION_REQUIRED : VerifyCheck.INVALID_PAYLOAD;
			case INVALID_SIGNATURE -> VerifyCheck.DECODING_ERROR;
			case UNKNOWN_KID, MISSING_KID, KEY_NOT_FOR_PROFILE -> VerifyCheck.NO_MATCHING_PUBLIC_KEYS;
			case UNSUPPORTED_ALGORITHM, KEY_ALGORITHM_MISMATCH, HEADER_TYPE_INCOMPATIBLE -> VerifyCheck.INCORRECT_ALGORITHM;
			case IDENTIFIER_MISMATCH -> VerifyCheck.SUBJECT_MISMATCH;
			case INVALID_CLAIM -> VerifyCheck.INVALID_PAYLOAD;
			default -> finding.code();
		};
		return new Finding(code, finding.message());
	}

}
