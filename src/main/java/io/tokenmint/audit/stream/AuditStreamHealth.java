package io.tokenmint.audit.stream;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/auditSinks}: down while a required sink fails (token requests are refused meanwhile, and
 * each one tries the sink again, so it comes back up with the receiver). Not part of readiness: the replica answers
 * those refusals itself, and every replica shares the receiver. Optional sinks are shown, never DOWN.
 */
@Component("auditSinks")
class AuditStreamHealth implements HealthIndicator {

	private final AuditStream stream;

	AuditStreamHealth(AuditStream stream) {
		this.stream = stream;
	}

	@Override
	public Health health() {
		Map<String, Object> sinks = new LinkedHashMap<>();
		boolean down = false;
		for (Outlet outlet : stream.outlets()) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("required", outlet.required());
			details.put("status", outlet.failing() ? "failing" : "ok");
			details.put("written", (long) outlet.written());
			if (!outlet.required()) {
				details.put("buffered", outlet.buffered());
				details.put("dropped", (long) outlet.dropped());
			}
			if (outlet.lastError() != null) {
				details.put("lastError", outlet.lastError());
			}
			sinks.put(outlet.name(), details);
			down |= outlet.required() && outlet.failing();
		}
		return (down ? Health.down() : Health.up()).withDetail("sinks", sinks.isEmpty() ? "none configured" : sinks).build();
	}

}
