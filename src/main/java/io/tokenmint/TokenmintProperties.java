package io.tokenmint;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Service-wide settings under {@code tokenmint.*}. Durations given as bare numbers are seconds.
 *
 * @param issuer value of the {@code iss} claim; no claim when blank
 * @param defaultExpiresIn lifetime of a token whose request names none
 * @param maxExpiresIn the longest lifetime any caller may ask for
 * @param verifyLeeway clock skew tolerated by {@code POST /tokens/verify}
 * @param dataDir where generated files such as the admin key live
 * @param defaultProfile the token profile of a request that names none
 */
@Validated
@ConfigurationProperties("tokenmint")
public record TokenmintProperties(
		String issuer,
		@DefaultValue("3600") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration defaultExpiresIn,
		@DefaultValue("86400") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration maxExpiresIn,
		@DefaultValue("60") @DurationUnit(ChronoUnit.SECONDS) @NotNull Duration verifyLeeway,
		@DefaultValue("data") @NotNull Path dataDir, @DefaultValue("instant") @NotNull String defaultProfile) {

	public TokenmintProperties {
		if (maxExpiresIn.isNegative() || maxExpiresIn.isZero()) {
			throw new ConfigurationProblem("tokenmint.max-expires-in", maxExpiresIn.toSeconds() + " s", "the longest lifetime of any token: positive",
					"Set it to a number of seconds, such as 86400 (TOKENMINT_MAXEXPIRESIN).");
		}
		if (defaultExpiresIn.compareTo(maxExpiresIn) > 0 || defaultExpiresIn.isNegative() || defaultExpiresIn.isZero()) {
			throw new ConfigurationProblem("tokenmint.default-expires-in", defaultExpiresIn.toSeconds() + " s",
					"between 1 second and tokenmint.max-expires-in (" + maxExpiresIn.toSeconds() + " s)",
					"Lower tokenmint.default-expires-in, or raise tokenmint.max-expires-in.");
		}
	}

	public boolean hasIssuer() {
		return issuer != null && !issuer.isBlank();
	}

}
