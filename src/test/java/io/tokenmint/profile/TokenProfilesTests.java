package io.tokenmint.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.signing.TokenAlgorithm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenProfilesTests {

	private static final TokenmintProperties SERVICE = new TokenmintProperties(null, Duration.ofHours(1), Duration.ofHours(24),
			Duration.ofMinutes(1), Path.of("data"), "instant");

	private static ProfileProperties.Claim claim(String name, String source, String value, String type, String pattern,
			List<String> allowed) {
		return new ProfileProperties.Claim(name, source, null, value, false, type, null, pattern, allowed);
	}

	private static TokenProfiles profiles(String name, ProfileProperties.Custom custom) {
		return new TokenProfiles(new ProfileProperties(new ProfileProperties.Instant(TokenAlgorithm.RS256, null),
				sdkUser(), sdkUser(), Map.of(name, custom)),
				SERVICE);
	}

	static ProfileProperties.SdkUser sdkUser() {
		return new ProfileProperties.SdkUser(true, TokenAlgorithm.RS256, Duration.ofHours(1), null, null, null, Duration.ZERO);
	}

	private static ProfileProperties.Custom custom(ProfileProperties.Claim... claims) {
		return new ProfileProperties.Custom(TokenAlgorithm.ES256, null, null, null, null, List.of(claims), null);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"registered claim|exp|request||string||tokenmint.profiles.custom.p.claims[0] (claim 'exp')",
			"unknown source|room|header||string||claims[0] (claim 'room').source = header: request, identity or constant",
			"unknown type|room|request||float||claims[0] (claim 'room').type = float: string, integer",
			"constant without value|room|constant||string||claims[0] (claim 'room').value = null: required for a constant claim",
			"constant of wrong type|room|constant|many|integer||claims[0] (claim 'room').value = many: an integer",
			"bad pattern|room|request||string|[a-|claims[0] (claim 'room').pattern = [a-: a regular expression" })
	void stopsStartUpNamingTheProfileAndField(String why, String name, String source, String value, String type, String pattern,
			String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> profiles("p", custom(claim(name, source, value, type, pattern, null))))
			.withMessageContaining(message);
	}

	@Test
	void refusesBadProfileLevelSettings() {
		var room = claim("room", "request", null, "string", null, null);
		assertThatIllegalArgumentException().isThrownBy(() -> profiles("Bad_Name", custom(room))).withMessageContaining("custom.Bad_Name");
		assertThatIllegalArgumentException().isThrownBy(() -> profiles("moengage", custom(room))).withMessageContaining("is not braze, instant, moengage");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> profiles("p", new ProfileProperties.Custom(null, null, null, null, null, List.of(room), null)))
			.withMessageContaining("custom.p.algorithm = null: required");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> profiles("p", new ProfileProperties.Custom(TokenAlgorithm.RS256, null, Duration.ofDays(2), null, null, List.of(room), null)))
			.withMessageContaining("custom.p.max-expires-in");
		assertThatIllegalArgumentException().isThrownBy(() -> profiles("p", custom(room, room))).withMessageContaining("each claim declared once");
		assertThatIllegalArgumentException().isThrownBy(() -> profiles("p", custom())).withMessageContaining("at least one claim");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> profiles("p", custom(claim("x", "request", null, "boolean", null, List.of("yes")))))
			.withMessageContaining("allowed-values = yes: a boolean");
	}

	@Test
	void acceptsAGoodProfileAndNamesItsAlgorithm() {
		var profiles = profiles("chat", custom(claim("room", "request", null, null, "[a-z]+", List.of("a", "b")),
				claim("tier", "constant", "3", "integer", null, null)));
		assertThat(profiles.names()).containsExactly("instant", "moengage", "braze", "chat");
		assertThat(profiles.algorithms()).containsExactlyInAnyOrder(TokenAlgorithm.RS256, TokenAlgorithm.ES256);
		assertThat(profiles.find("chat").get().defaultLifetime()).isEqualTo(Duration.ofHours(1));
		assertThat(profiles.find("chat").get().audience()).as("a custom profile gets its name as audience").isEqualTo("chat");
	}

	@Test
	void recognisesATokensProfileFromItsClaims() {
		var profiles = profiles("chat", custom(claim("room", "request", null, null, null, null)));
		assertThat(profiles.recognise(Map.of("document_id", "d")).name()).isEqualTo("instant");
		assertThat(profiles.recognise(Map.of("sub", "u")).name()).as("the first SDK profile registered").isEqualTo("moengage");
		assertThat(profiles.recognise(Map.of("sub", "u", "aud", "chat")).name()).isEqualTo("chat");
		assertThat(profiles.recognise(Map.of()).name()).as("else the default profile").isEqualTo("instant");
	}

}
