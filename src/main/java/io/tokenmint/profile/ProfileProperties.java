package io.tokenmint.profile;

import jakarta.validation.constraints.NotNull;

import io.tokenmint.signing.TokenAlgorithm;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the built-in token profiles.
 *
 * @param instant the Document Engine profile
 */
@Validated
@ConfigurationProperties("tokenmint.profiles")
public record ProfileProperties(@DefaultValue Instant instant) {

	/** @param algorithm RS256, RS512, ES256 or ES512: what Document Engine's JWT_ALGORITHM is set to */
	public record Instant(@DefaultValue("RS256") @NotNull TokenAlgorithm algorithm) {
	}

}
