package io.tokenmint.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;

import io.tokenmint.signing.TokenAlgorithm;
import io.tokenmint.validation.RequestFields;

import org.junit.jupiter.api.Test;

/** MoEngage and Braze: a token about one user, RS256 only, reported in each SDK's own terms. */
class SdkUserProfileTests {

	private static ProfileProperties.SdkUser settings(TokenAlgorithm algorithm, String audience, Duration backdate) {
		return new ProfileProperties.SdkUser(true, algorithm, Duration.ofHours(1), null, audience, null, backdate);
	}

	private final BrazeProfile braze = new BrazeProfile(settings(TokenAlgorithm.RS256, null, Duration.ofSeconds(30)), Duration.ofDays(1),
			"https://tokenmint.test");

	@Test
	void readsTheUserAndTheLifetimeAndNothingElse() {
		var request = braze.read(new RequestFields(Map.of("profile", "braze", "user_id", "customer-7", "expires_in", 600)));
		assertThat(request.access().userId()).isEqualTo("customer-7");
		assertThat(request.access().userIdRequiredAt()).as("the token is about the user: a backend must name one").isEqualTo("/user_id");
		assertThat(request.access().lifetime()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void buildsSubAndTheAudienceWhereOneIsSet() {
		var decision = new Decision("customer-7", Duration.ofHours(1), null, Map.of());
		assertThat(braze.claims(braze.read(new RequestFields(Map.of())), decision).asMap()).containsOnlyKeys("sub")
			.containsEntry("sub", "customer-7");
		var withAudience = new MoEngageProfile(settings(TokenAlgorithm.RS256, "app-1", Duration.ZERO), Duration.ofDays(1), null);
		assertThat(withAudience.claims(withAudience.read(new RequestFields(Map.of())), decision).asMap()).containsEntry("aud", "app-1");
		assertThat(braze.issuer()).isEqualTo("https://tokenmint.test");
		assertThat(braze.backdating()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void signsWithRs256OnlyAndBackdatesAtMostTenMinutes() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BrazeProfile(settings(TokenAlgorithm.ES256, null, Duration.ZERO), Duration.ofDays(1), null))
			.withMessageContaining("braze.algorithm = ES256").withMessageContaining("RS256");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MoEngageProfile(settings(TokenAlgorithm.RS256, null, Duration.ofMinutes(11)), Duration.ofDays(1), null))
			.withMessageContaining("backdate");
	}

	@Test
	void namesProblemsAsEachSdkDoes() {
		var moengage = new MoEngageProfile(settings(TokenAlgorithm.RS256, null, Duration.ZERO), Duration.ofDays(1), null);
		var expired = new Finding(VerifyCheck.TOKEN_EXPIRED, "expired");
		assertThat(moengage.inConsumerTerms(expired).code()).isEqualTo(VerifyCheck.TIME_CONSTRAINT_FAILURE);
		assertThat(braze.inConsumerTerms(expired).code()).isEqualTo(VerifyCheck.EXPIRED);
		var mismatch = new Finding(VerifyCheck.IDENTIFIER_MISMATCH, "sub");
		assertThat(moengage.inConsumerTerms(mismatch).code()).isEqualTo(VerifyCheck.IDENTIFIER_MISMATCH);
		assertThat(braze.inConsumerTerms(mismatch).code()).isEqualTo(VerifyCheck.SUBJECT_MISMATCH);
	}

	@Test
	void recognisesATokenAboutAUserAlone() {
		assertThat(braze.recognises(Map.of("sub", "u"))).isTrue();
		assertThat(braze.recognises(Map.of("sub", "u", "aud", "x"))).isFalse();
		assertThat(braze.recognises(Map.of("sub", "u", "document_id", "d"))).isFalse();
	}

}
