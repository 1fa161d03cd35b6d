package io.tokenmint.client;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param apiKey the admin key; the bundled application.yml fills it from {@code TOKENMINT_ADMIN_API_KEY}
 */
@ConfigurationProperties("tokenmint.admin")
public record AdminProperties(String apiKey) {

	@Override
	public String toString() {
		return "AdminProperties[apiKey=" + (apiKey == null || apiKey.isEmpty() ? "unset" : "***") + "]";
	}

}
