package io.tokenmint.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.tokenmint.profile.Finding;
import io.tokenmint.profile.VerifyCheck;

import org.junit.jupiter.api.Test;

class InspectionChecksTests {

	@Test
	void everyCheckTheVerifierCanFailBelongsToExactlyOneStep() {
		Map<VerifyCheck, Integer> seen = new EnumMap<>(VerifyCheck.class);
		InspectionChecks.STEPS.values().forEach(checks -> checks.forEach(check -> seen.merge(check, 1, Integer::sum)));
		InspectionChecks.WARNINGS.forEach(check -> seen.merge(check, 1, Integer::sum));
		assertThat(seen.keySet()).containsExactlyInAnyOrder(VerifyCheck.values());
		assertThat(seen.values()).containsOnly(1);
	}

	@Test
	void aFailedSignatureFailsOnlyItsStep() {
		var report = new TokenVerifier.Report(false, "instant", Map.of("alg", "RS256"), Map.of("sub", "x"),
				List.of(new Finding(VerifyCheck.INVALID_SIGNATURE, "the signature does not match")), List.of());
		var steps = InspectionChecks.of(report);
		assertThat(steps).hasSize(InspectionChecks.STEPS.size());
		assertThat(steps).filteredOn(step -> !step.passed()).singleElement()
			.satisfies(step -> assertThat(step.name()).isEqualTo("Signature valid"));
	}

	@Test
	void aMalformedTokenStopsAtTheFirstStep() {
		var report = new TokenVerifier.Report(false, null, null, null, List.of(new Finding(VerifyCheck.MALFORMED_TOKEN, "three parts")),
				List.of());
		assertThat(InspectionChecks.of(report)).singleElement().satisfies(step -> assertThat(step.passed()).isFalse());
	}

}
