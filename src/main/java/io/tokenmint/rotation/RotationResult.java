package io.tokenmint.rotation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.tokenmint.signing.KeyDistribution;

import org.jspecify.annotations.Nullable;

/**
 * The answer to {@code POST /admin/keys/rotate}.
 *
 * @param successor the key that takes over
 * @param replaces the key signing before, if any
 * @param status {@code scheduled} (it signs once publish-ahead has passed and consumers have it) or {@code active}
 * @param costs what an emergency rotation costs, in words
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record RotationResult(String successor, @Nullable String replaces, boolean emergency, String status, List<String> costs,
		@JsonProperty("deliveries") List<KeyDistribution.Delivery> deliveries) {

	RotationResult withDeliveries(List<KeyDistribution.Delivery> now) {
		return new RotationResult(successor, replaces, emergency, status, costs, now);
	}

}
