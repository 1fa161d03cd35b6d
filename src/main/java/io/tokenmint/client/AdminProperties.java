package io.tokenmint.client;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param apiKey the admin key; the bundled application.yml fills it from {@code TOKENMINT_ADMIN_API_KEY}
 * @param metricsKey a key that reads the metrics ({@code GET /actuator/prometheus}) and nothing else, for Prometheus;
 *        unset, only the admin key reads them
 */
@ConfigurationProperties("tokenmint.admin")
public record AdminProperties(String apiKey, String metricsKey) {

	@Override
	public String toString() {
		return "AdminProperties[apiKey=" + (apiKey == null || apiKey.isEmpty() ? "unset" : "***") + ", metricsKey="
				+ (metricsKey == null || metricsKey.isEmpty() ? "unset" : "***") + "]";
	}

}
