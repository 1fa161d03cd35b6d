package io.tokenmint.client;

import io.tokenmint.ConfigurationProblem;

import org.springframework.stereotype.Component;

/**
 * The key Prometheus scrapes with: it reads {@code /actuator/prometheus} and nothing else, so that the monitoring
 * system does not hold the admin key. Optional; sent in {@code X-Api-Key} or, as Prometheus' {@code authorization}
 * setting sends it, as {@code Authorization: Bearer}.
 */
@Component
public class MetricsKey {

	private final String hash;

	MetricsKey(AdminProperties admin) {
		String configured = admin.metricsKey() == null ? "" : admin.metricsKey();
		if (!configured.isEmpty() && configured.length() < AdminKey.MIN_LENGTH) {
			throw new ConfigurationProblem("tokenmint.admin.metrics-key (TOKENMINT_ADMIN_METRICSKEY)", "(" + configured.length()
					+ " characters)", "at least " + AdminKey.MIN_LENGTH + " characters",
					"Use a random value, such as the output of 'openssl rand -base64 32'.");
		}
		this.hash = configured.isEmpty() ? null : ApiKeys.hash(configured);
	}

	/** Constant-time check of a presented key's {@link ApiKeys#hash}; always false when no metrics key is set. */
	public boolean matchesHash(String presentedHash) {
		return hash != null && ApiKeys.sameHash(presentedHash, hash);
	}

}
