package io.tokenmint.rotation;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The rotation schedule.
 *
 * @param every how long each key signs before its successor takes over, for every algorithm in use, such as
 *        {@code 90d}; unset, keys rotate only on request ({@code POST /admin/keys/rotate})
 * @param checkInterval how often a replica looks for a due step; the steps themselves run on one replica at a time
 * @param rsaBits the size of generated RSA keys: 2048 or 3072
 * @param retryFirst the wait before the second attempt of a failed delivery; it doubles per attempt
 * @param retryMax the longest wait between delivery attempts
 * @param requestTimeout how long a consumer may take to answer one request
 */
@Validated
@ConfigurationProperties("tokenmint.signing.rotation")
public record RotationProperties(@Nullable Duration every, @DefaultValue("1m") @NotNull Duration checkInterval,
		@DefaultValue("2048") int rsaBits, @DefaultValue("30s") @NotNull Duration retryFirst, @DefaultValue("1h") @NotNull Duration retryMax,
		@DefaultValue("10s") @NotNull Duration requestTimeout) {

	public RotationProperties {
		if (rsaBits != 2048 && rsaBits != 3072) {
			throw new IllegalArgumentException("tokenmint.signing.rotation.rsa-bits must be 2048 or 3072, not " + rsaBits);
		}
		if (every != null && (every.isNegative() || every.isZero())) {
			throw new IllegalArgumentException("tokenmint.signing.rotation.every must be positive");
		}
	}

	public boolean scheduled() {
		return every != null;
	}

}
