package io.tokenmint.rotation;

import java.time.Instant;

/**
 * Somewhere the public keys must be delivered.
 *
 * @param url for a Document Engine its base URL; for a webhook the address to POST to
 * @param credential the API token or webhook secret, sealed under the key-encryption key (base64)
 * @param required whether activation of a new key waits until this consumer has it
 */
record Consumer(String id, String name, Type type, String url, String credential, boolean required, Instant createdAt) {

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
