package io.tokenmint.rotation;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import io.tokenmint.ConfigurationProblem;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
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
 * @param requestTimeout how long a consumer may take to answer one request, from connecting to the last byte
 * @param deliveryBudget how long one run's deliveries may take in all; consumers are served side by side, and
 *        what is not done by then is recorded as failed and retried later
 * @param maxAnswerSize the most a consumer's answer may hold (a Document Engine's secrets listing is a few
 *        kilobytes); a longer one is a failed delivery, and nothing is decompressed
 * @param consumerAllowList networks (CIDR, such as {@code 10.20.0.0/16}) and host names that consumers may be
 *        reached at although they are loopback or private, and over plain http for a Document Engine;
 *        link-local, cloud metadata, unspecified, multicast and reserved addresses are refused whatever it says
 */
@Validated
@ConfigurationProperties("tokenmint.signing.rotation")
public record RotationProperties(@Nullable Duration every, @DefaultValue("1m") @NotNull Duration checkInterval,
		@DefaultValue("2048") int rsaBits, @DefaultValue("30s") @NotNull Duration retryFirst, @DefaultValue("1h") @NotNull Duration retryMax,
		@DefaultValue("10s") @NotNull Duration requestTimeout, @DefaultValue("30s") @NotNull Duration deliveryBudget,
		@DefaultValue("64KB") @NotNull DataSize maxAnswerSize, @Nullable List<String> consumerAllowList) {

	public RotationProperties {
		consumerAllowList = consumerAllowList == null ? List.of() : List.copyOf(consumerAllowList);
		if (rsaBits != 2048 && rsaBits != 3072) {
			throw new ConfigurationProblem("tokenmint.signing.rotation.rsa-bits", rsaBits, "2048 or 3072", "Set one of the two.");
		}
		if (every != null && (every.isNegative() || every.isZero())) {
			throw new ConfigurationProblem("tokenmint.signing.rotation.every", every, "positive, such as 90d",
					"Set how long each key signs, or leave it unset to rotate on request only.");
		}
	}

	public boolean scheduled() {
		return every != null;
	}

}
