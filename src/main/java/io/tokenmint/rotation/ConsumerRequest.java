package io.tokenmint.rotation;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /admin/consumers}.
 *
 * @param type {@code document-engine} or {@code webhook}
 * @param url a Document Engine's base URL, or the webhook's address; http or https
 * @param apiToken a Document Engine's API auth token ({@code API_AUTH_TOKEN}); webhooks get a generated secret instead
 * @param required whether a new key waits for this consumer before it signs; default true
 * @param profiles the profiles whose keys it is sent; by default {@code instant} for a Document Engine (it verifies
 *        Instant tokens only) and every profile for a webhook; an empty list is taken as left out
 */
record ConsumerRequest(@Nullable String type, @Nullable String name, @Nullable String url, @JsonProperty("api_token") @Nullable String apiToken,
		@Nullable Boolean required, java.util.@Nullable List<String> profiles) {

	@Override
	public String toString() {
		return "ConsumerRequest[type=" + type + ", name=" + name + ", url=" + url + "]";
	}

}
