package io.tokenmint.rotation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tokenmint.signing.ManagedKeys;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/rotation}: down while a delivery to a required consumer is failing or a
 * successor's activation waits for one. Not part of readiness: the current key still signs, and taking
 * replicas out of service would turn a delivery problem into an outage.
 */
@Component("rotation")
class RotationHealth implements HealthIndicator {

	private final KeyRotation rotation;

	private final KeyDelivery delivery;

	private final ManagedKeys keys;

	private final RotationProperties properties;

	RotationHealth(KeyRotation rotation, KeyDelivery delivery, ManagedKeys keys, RotationProperties properties) {
		this.rotation = rotation;
		this.delivery = delivery;
		this.keys = keys;
		this.properties = properties;
	}

	@Override
	public Health health() {
		Map<String, Object> details = new LinkedHashMap<>();
		if (!keys.enabled()) {
			return Health.up().withDetail("managedKeys", "off (no tokenmint.signing.kek-alias)").build();
		}
		details.put("schedule", properties.scheduled() ? "every " + properties.every() : "on request only");
		int failing = delivery.failedRequiredCount();
		details.put("failingDeliveries", failing);
		// From stored state, so that every replica reports the same, not only the one that ran last.
		var waiting = RotationPlanner.plan(keys.keys(), keys.algorithms(), java.time.Instant.now(), properties.every(), keys.publishAhead(),
				delivery::confirmed)
			.stream()
			.filter(RotationPlanner.Blocked.class::isInstance)
			.map(step -> ((RotationPlanner.Blocked) step).kid())
			.toList();
		details.put("waitingActivations", waiting);
		if (rotation.lastRun() != null) {
			details.put("lastRunHere", rotation.lastRun().toString());
		}
		boolean healthy = failing == 0 && waiting.isEmpty();
		return (healthy ? Health.up() : Health.down()).withDetails(details).build();
	}

}
