package io.tokenmint.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-caller limits on {@code POST /tokens} and {@code POST /tokens/verify}, kept per replica.
 *
 * @param client for each API client: a backend speaks for many users, so its limit is higher
 * @param user for each end user (identity-provider subject)
 */
@Validated
@ConfigurationProperties("tokenmint.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @Valid Limit client, @Valid Limit user) {

	public RateLimitProperties {
		client = client == null ? new Limit(500, 1000) : client;
		user = user == null ? new Limit(5, 20) : user;
	}

	/**
	 * @param perSecond sustained requests per second
	 * @param burst requests allowed at once after a quiet period
	 */
	public record Limit(@Min(1) long perSecond, @Min(1) long burst) {
	}

}
