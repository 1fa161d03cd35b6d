package io.tokenmint.rotation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tokenmint.signing.KeyLife;
import io.tokenmint.signing.KeyLifecycle;
import io.tokenmint.signing.KeyLine;

import org.springframework.stereotype.Component;

/**
 * The rotation's state as gauges, read from the stored key states (every replica reports the same): activations
 * waiting for a required consumer, and per line how long until its active key's planned end and whether a successor
 * is published for it. A scrape reads the states once, however many gauges it takes, and not more than once a second.
 */
@Component
class RotationMetrics {

	private static final Duration FRESH = Duration.ofSeconds(1);

	private final KeyLifecycle keys;

	private final KeyRotation rotation;

	private final RotationProperties properties;

	private final Clock clock;

	private volatile Reading reading;

	private record Reading(long nanos, Instant at, List<KeyLife> keys, List<RotationPlanner.Step> plan) {
	}

	RotationMetrics(KeyLifecycle keys, KeyRotation rotation, RotationProperties properties, Clock clock, MeterRegistry meters) {
		this.keys = keys;
		this.rotation = rotation;
		this.properties = properties;
		this.clock = clock;
		if (!keys.enabled()) {
			return;
		}
		Gauge.builder("tokenmint.keys.activations.waiting", this, metrics -> metrics.read().plan().stream()
			.filter(RotationPlanner.Blocked.class::isInstance).count())
			.description("Successors whose activation time has come but which wait for a required consumer to confirm them")
			.register(meters);
		for (KeyLine line : keys.lines()) {
			Gauge.builder("tokenmint.keys.rotation.due", this, metrics -> metrics.secondsUntilDue(line))
				.description("Seconds until the line's active key reaches its planned end (rotation.every); NaN without a schedule")
				.baseUnit("seconds")
				.tags(line.metricTags())
				.register(meters);
			Gauge.builder("tokenmint.keys.successor.published", this,
					metrics -> RotationPlanner.successor(metrics.read().keys(), line).isPresent() ? 1 : 0)
				.description("1 while a successor is published for the line, waiting for its time")
				.tags(line.metricTags())
				.register(meters);
		}
	}

	private double secondsUntilDue(KeyLine line) {
		Reading now = read();
		if (properties.every() == null) {
			return Double.NaN;
		}
		return RotationPlanner.active(now.keys(), line)
			.filter(key -> key.activatedAt() != null)
			.map(key -> (double) Duration.between(now.at(), key.activatedAt().plus(properties.every())).toSeconds())
			.orElse(Double.NaN);
	}

	private Reading read() {
		Reading last = reading;
		long nanos = System.nanoTime();
		if (last != null && nanos - last.nanos() < FRESH.toNanos()) {
			return last;
		}
		Instant at = clock.instant();
		List<KeyLife> all = keys.keys();
		Reading fresh = new Reading(nanos, at, all, rotation.plan(all, at));
		reading = fresh;
		return fresh;
	}

}
