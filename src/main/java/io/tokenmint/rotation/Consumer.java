package io.tokenmint.rotation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tokenmint.signing.KeyLife;
import io.tokenmint.signing.TokenAlgorithm;

import org.jspecify.annotations.Nullable;

/**
 * Somewhere the public keys must be delivered.
 *
 * @param url for a Document Engine its base URL; for a webhook the address to POST to
 * @param credential the API token or webhook secret, sealed under the key-encryption key (base64)
 * @param required whether activation of a new key waits until this consumer has it
 * @param profiles the profiles whose keys it is sent, or {@code null} for every profile
 */
record Consumer(String id, String name, Type type, String url, String credential, boolean required, Instant createdAt,
		@Nullable List<String> profiles) {

	Consumer {
		profiles = profiles == null ? null : List.copyOf(profiles);
	}

	/**
	 * Whether this consumer is sent a key: one of its profiles' own keys, or a shared key of an algorithm one of its
	 * profiles signs with (such a profile signs with it until its own first key takes over).
	 *
	 * @param algorithms each profile's algorithm, by name
	 */
	boolean serves(KeyLife key, Map<String, TokenAlgorithm> algorithms) {
		if (profiles == null) {
			return true;
		}
		if (key.profile() != null) {
			return profiles.contains(key.profile());
		}
		return profiles.stream().anyMatch(profile -> algorithms.get(profile) == key.algorithm());
	}

	enum Type {

		/** Nutrient Document Engine: keys go in through its secrets API ({@code POST /api/secrets/jwt}). */
		DOCUMENT_ENGINE("document-engine"),
		/** A signed HTTP POST per key, for consumers whose keys are uploaded by hand (MoEngage, Braze dashboards). */
		WEBHOOK("webhook");

		final String name;

		Type(String name) {
			this.name = name;
		}

		static java.util.Optional<Type> named(String name) {
			return java.util.Arrays.stream(values()).filter(type -> type.name.equals(name)).findFirst();
		}

	}

	@Override
	public String toString() {
		return "Consumer[" + id + ", " + type.name + ", " + name + "]";
	}

}
