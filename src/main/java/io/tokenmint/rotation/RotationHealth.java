package io.tokenmint.rotation;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tokenmint.signing.KeyLifecycle;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/rotation}: down while a delivery to a required consumer is failing, a successor's
 * activation waits for one, or this replica's last run failed. Not part of readiness: the current key still signs, and taking
 * replicas out of service would turn a delivery problem into an outage.
 */
@Component("rotation")
class RotationHealth implements HealthIndicator {

	private final KeyRotation rotation;

	private final KeyDelivery delivery;

	private final KeyLifecycle keys;

	private final RotationProperties properties;

	private final Clock clock;

	RotationHealth(KeyRotation rotation, KeyDelivery delivery, KeyLifecycle keys, RotationProperties properties, Clock clock) {
		this.clock = clock;
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
		// Shown, but not DOWN: an optional consumer is one the operator chose not to wait for.
		details.put("failingOptionalDeliveries", delivery.failedOptionalCount());
		// From stored state, so that every replica reports the same, not only the one that ran last.
		var waiting = rotation.plan(keys.keys(), clock.instant())
			.stream()
			.filter(RotationPlanner.Blocked.class::isInstance)
			.map(step -> ((RotationPlanner.Blocked) step).kid())
			.toList();
		details.put("waitingActivations", waiting);
		if (rotation.lastRun() != null) {
			details.put("lastRunHere", rotation.lastRun().toString());
		}
		String failure = rotation.lastFailure();
		if (failure != null) {
			details.put("lastRunFailedHere", failure);
		}
		boolean healthy = failing == 0 && waiting.isEmpty() && failure == null;
		return (healthy ? Health.up() : Health.down()).withDetails(details).build();
	}

}
