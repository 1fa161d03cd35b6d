package io.tokenmint.signing;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/signing}: down when a profile's algorithm has no active key (then tokens are
 * refused), with the outcome of the last keystore reload in the details. A failed reload alone keeps it up:
 * the keys already loaded still sign, and taking every replica out of service for it would be an outage.
 */
@Component("signing")
class SigningHealth implements HealthIndicator {

	private final KeyRing keyRing;

	SigningHealth(KeyRing keyRing) {
		this.keyRing = keyRing;
	}

	@Override
	public Health health() {
		Map<String, String> active = new TreeMap<>();
		Map<String, String> ownLines = new TreeMap<>();
		keyRing.activeKids().forEach((line, kid) -> (line.isShared() ? active : ownLines).put(line.isShared() ? line.algorithm().name()
				: line.profile(), kid));
		var reload = keyRing.lastReload();
		var health = keyRing.canSignEveryProfile() ? Health.up() : Health.down();
		if (!ownLines.isEmpty()) {
			// A profile missing here signs with its algorithm's shared key until its own first key is activated.
			health.withDetail("profiles", ownLines);
		}
		return health.withDetail("active", active)
			.withDetail("loaded", keyRing.loaded().keySet())
			.withDetail("lastReload", Map.of("at", reload.at().toString(), "succeeded", reload.succeeded(), "message", reload.message()))
			.build();
	}

}
