package io.tokenmint.signing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.jspecify.annotations.Nullable;

/**
 * How far each key's delivery to the registered consumers has got; implemented where the consumers live, so
 * that activation here can wait for it without knowing who they are.
 */
public interface KeyDistribution {

	/** Whether every required consumer has confirmed that it holds this key. */
	boolean confirmed(String kid);

	/** Each key's deliveries, by kid. */
	Map<String, List<Delivery>> deliveries();

	/**
	 * One key at one consumer.
	 *
	 * @param action {@code add} (the public key) or {@code remove} (the notice that it is gone)
	 * @param state {@code pending}, {@code done} or {@code failed}
	 * @param expiresAt for a Document Engine, when the secret it holds expires
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Delivery(@JsonProperty("consumer_id") String consumerId, String consumer, String type, boolean required, String action,
			String state, int attempts, @JsonProperty("expires_at") @Nullable Instant expiresAt,
			@JsonProperty("next_attempt_at") @Nullable Instant nextAttemptAt, @JsonProperty("last_error") @Nullable String lastError,
			@JsonProperty("updated_at") Instant updatedAt) {
	}

}
