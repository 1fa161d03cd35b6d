package io.tokenmint.profile;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotNull;

import io.tokenmint.signing.TokenAlgorithm;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * The token profiles: the built-in {@code instant}, {@code moengage} and {@code braze}, and custom ones by
 * name. Durations given as bare numbers are seconds.
 */
@Validated
@ConfigurationProperties("tokenmint.profiles")
public record ProfileProperties(@DefaultValue Instant instant, @DefaultValue SdkUser moengage, @DefaultValue SdkUser braze,
		Map<String, Custom> custom) {

	public ProfileProperties {
		custom = custom == null ? Map.of() : Map.copyOf(custom);
	}

	/**
	 * @param algorithm RS256, RS512, ES256 or ES512: what Document Engine's JWT_ALGORITHM is set to
	 * @param keyId a key (keystore alias) that signs this profile's tokens and no other's; by default the
	 *        active key of the algorithm
	 */
	public record Instant(@DefaultValue("RS256") @NotNull TokenAlgorithm algorithm, String keyId) {
	}

	/**
	 * SDK authentication of MoEngage or Braze: RS256 only, which is what their dashboards take.
	 *
	 * @param enabled off where the consumer is not used, so that no RSA key is needed for it
	 * @param issuer {@code iss}, when set (else {@code tokenmint.issuer})
	 * @param audience {@code aud}, when set
	 * @param keyId a key that signs this profile's tokens and no other's
	 * @param backdate how far {@code iat} and {@code nbf} are set back, for devices whose clocks run behind
	 *        (MoEngage answers TIME_CONSTRAINT_FAILURE to a token not yet valid); at most 10 minutes
	 */
	public record SdkUser(@DefaultValue("true") boolean enabled, @DefaultValue("RS256") @NotNull TokenAlgorithm algorithm,
			@DefaultValue("3600") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration defaultExpiresIn, String issuer,
			String audience, String keyId, @DefaultValue("0s") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration backdate) {
	}

	/**
	 * A profile declared in configuration.
	 *
	 * @param maxExpiresIn at most {@code tokenmint.max-expires-in}; defaults to it
	 * @param audience {@code aud}; defaults to the profile's name, so that a token of one profile is never
	 *        taken for another's
	 * @param keyId a key that signs this profile's tokens and no other's
	 */
	public record Custom(TokenAlgorithm algorithm, @DurationUnit(ChronoUnit.SECONDS) Duration defaultExpiresIn,
			@DurationUnit(ChronoUnit.SECONDS) Duration maxExpiresIn, String issuer, String audience, List<Claim> claims,
			String keyId) {
	}

	/**
	 * One claim of a custom profile.
	 *
	 * @param source {@code request} (a field of the token request; API clients only), {@code identity} (a claim
	 *        of the end user's identity token) or {@code constant}
	 * @param field the request field or identity claim to read; defaults to the claim's name
	 * @param value the value of a constant claim
	 * @param type {@code string} (default), {@code integer}, {@code boolean} or {@code string-array}
	 * @param maxLength for strings, in characters; default 256
	 * @param pattern a regular expression every string must match entirely
	 * @param allowedValues the only values accepted
	 */
	public record Claim(String name, String source, String field, String value, boolean required, String type,
			Integer maxLength, String pattern, List<String> allowedValues) {
	}

}
