package io.tokenmint.token;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tokenmint.profile.Finding;
import io.tokenmint.profile.VerifyCheck;

/**
 * The token inspector's checklist: {@code /tokens/verify} names only what failed, so the inspector groups its
 * checks into the steps a reader thinks in and shows each step as passed, or failed with the verifier's reasons.
 */
final class InspectionChecks {

	/** Every {@link VerifyCheck} that is a problem belongs to exactly one step (a test holds this). */
	static final Map<String, Set<VerifyCheck>> STEPS = steps();

	/** What the verifier only warns about: shown as the profile's expectations, never as a failed step. */
	static final Set<VerifyCheck> WARNINGS = EnumSet.of(VerifyCheck.MISSING_PERMISSION_FOR_MOBILE, VerifyCheck.KEY_SHARED_WITH_PROFILES);

	/** One step's result. */
	record Step(String name, boolean passed, List<Finding> findings) {
	}

	private InspectionChecks() {
	}

	private static Map<String, Set<VerifyCheck>> steps() {
		Map<String, Set<VerifyCheck>> steps = new LinkedHashMap<>();
		steps.put("Well-formed signed JWT", EnumSet.of(VerifyCheck.MALFORMED_TOKEN, VerifyCheck.DECODING_ERROR));
		steps.put("Algorithm allowed", EnumSet.of(VerifyCheck.UNSUPPORTED_ALGORITHM, VerifyCheck.INCORRECT_ALGORITHM,
				VerifyCheck.KEY_ALGORITHM_MISMATCH, VerifyCheck.HEADER_TYPE_INCOMPATIBLE));
		steps.put("Signed by a key this service publishes", EnumSet.of(VerifyCheck.MISSING_KID, VerifyCheck.UNKNOWN_KID,
				VerifyCheck.UNTRUSTED_KEY_REFERENCE, VerifyCheck.NO_MATCHING_PUBLIC_KEYS, VerifyCheck.KEY_NOT_FOR_PROFILE));
		steps.put("Signature valid", EnumSet.of(VerifyCheck.INVALID_SIGNATURE));
		steps.put("Within its lifetime", EnumSet.of(VerifyCheck.TOKEN_EXPIRED, VerifyCheck.TOKEN_NOT_YET_VALID,
				VerifyCheck.ISSUED_IN_FUTURE, VerifyCheck.TIME_CONSTRAINT_FAILURE, VerifyCheck.EXPIRATION_REQUIRED, VerifyCheck.EXPIRED));
		steps.put("Issuer and audience", EnumSet.of(VerifyCheck.ISSUER_MISMATCH, VerifyCheck.AUDIENCE_MISMATCH));
		steps.put("Claims the profile needs", EnumSet.of(VerifyCheck.MISSING_CLAIM, VerifyCheck.INVALID_CLAIM,
				VerifyCheck.PAYLOAD_CONTENT_MISSING, VerifyCheck.INVALID_PAYLOAD, VerifyCheck.IDENTIFIER_MISMATCH,
				VerifyCheck.SUBJECT_MISMATCH));
		return steps;
	}

	/** The checklist for a report; a malformed token fails the first step and the rest are not reached. */
	static List<Step> of(TokenVerifier.Report report) {
		List<Step> result = new ArrayList<>();
		for (var step : STEPS.entrySet()) {
			List<Finding> findings = report.problems().stream().filter(finding -> step.getValue().contains(finding.code())).toList();
			result.add(new Step(step.getKey(), findings.isEmpty(), findings));
			if (report.header() == null || report.claims() == null) {
				break;
			}
		}
		return result;
	}

}
