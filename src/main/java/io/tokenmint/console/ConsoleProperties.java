package io.tokenmint.console;

import java.time.Duration;

import io.tokenmint.ConfigurationProblem;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether {@code /console} answers at all; when false every console page is refused
 * @param idleTimeout a console session without a request for this long is over
 * @param adminClaim the identity provider's claim that lists an operator's groups or roles
 * @param adminGroup the value of {@code adminClaim} that makes a signed-in identity an admin; without it nobody
 *        signing in through the identity provider is one (deny by default)
 */
@ConfigurationProperties("tokenmint.console")
public record ConsoleProperties(@DefaultValue("true") boolean enabled, @DefaultValue("15m") Duration idleTimeout,
		@DefaultValue("groups") String adminClaim, @Nullable String adminGroup) {

	public ConsoleProperties {
		if (idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new ConfigurationProblem("tokenmint.console.idle-timeout", idleTimeout, "positive, such as 15m", "Set a positive duration.");
		}
	}

}
