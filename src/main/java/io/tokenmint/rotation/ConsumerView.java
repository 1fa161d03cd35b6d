package io.tokenmint.rotation;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.jspecify.annotations.Nullable;

/**
 * A consumer as the admin API shows it: never its API token; a webhook's signing secret only once, in the
 * answer to its registration. {@code profiles} null: it is sent every profile's keys.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ConsumerView(String id, String name, String type, String url, boolean required, @JsonProperty("created_at") Instant createdAt,
		@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable List<String> profiles, @JsonProperty("webhook_secret") @Nullable String webhookSecret) {

	static ConsumerView of(Consumer consumer) {
		return withSecret(consumer, null);
	}

	/** @param secret the webhook secret just generated, or {@code null} */
	static ConsumerView withSecret(Consumer consumer, @Nullable String secret) {
		return new ConsumerView(consumer.id(), consumer.name(), consumer.type().name, consumer.url(), consumer.required(),
				consumer.createdAt(), consumer.profiles(), secret);
	}

	@Override
	public String toString() {
		return "ConsumerView[" + id + ", " + type + ", " + name + "]";
	}

}
