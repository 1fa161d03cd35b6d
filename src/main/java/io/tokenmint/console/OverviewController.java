package io.tokenmint.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

import io.tokenmint.audit.AuditStatistics;
import io.tokenmint.rotation.RotationProperties;
import io.tokenmint.signing.KeyLife;
import io.tokenmint.signing.KeyLifecycle;

import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's first page: what was issued and refused in the last hour, the keys, and health. */
@Controller
class OverviewController {

	static final Duration WINDOW = Duration.ofHours(1);

	private final AuditStatistics statistics;

	private final KeyLifecycle keys;

	private final RotationProperties rotation;

	private final HealthEndpoint health;

	private final MeterRegistry meters;

	private final Clock clock;

	OverviewController(AuditStatistics statistics, KeyLifecycle keys, RotationProperties rotation, HealthEndpoint health,
			MeterRegistry meters, Clock clock) {
		this.clock = clock;
		this.statistics = statistics;
		this.keys = keys;
		this.rotation = rotation;
		this.health = health;
		this.meters = meters;
	}

	@GetMapping({ "/console", "/console/" })
	String overview(Model model) {
		Instant now = clock.instant();
		model.addAttribute("chart", RequestChart.of(statistics.perMinute(WINDOW), now, WINDOW));
		model.addAttribute("refusals", statistics.topRefusals(WINDOW, 8));
		model.addAttribute("serverErrors", serverErrors());
		List<KeyLife> all = keys.keys();
		model.addAttribute("keys", all.stream().filter(key -> key.isPublishedAt(now)).toList());
		model.addAttribute("nextRotations", nextRotations(all));
		model.addAttribute("rotationEvery", rotation.every());
		HealthDescriptor overall = health.health();
		model.addAttribute("health", overall.getStatus().getCode());
		model.addAttribute("healthComponents", overall instanceof CompositeHealthDescriptor composite
				? new TreeMap<>(composite.getComponents()) : Map.of());
		return "console/overview";
	}

	/** For each algorithm, when its active key is due to hand over, as the schedule plans it. */
	private Map<String, Instant> nextRotations(List<KeyLife> all) {
		Map<String, Instant> next = new TreeMap<>();
		if (rotation.every() == null) {
			return next;
		}
		for (KeyLife key : all) {
			if (key.isWaiting() && key.activateAt() != null) {
				next.merge(key.algorithm().name(), key.activateAt(), (a, b) -> a.isBefore(b) ? a : b);
			}
		}
		for (KeyLife key : all) {
			if (key.isActive() && !key.dedicated() && key.activatedAt() != null) {
				next.putIfAbsent(key.algorithm().name(), key.activatedAt().plus(rotation.every()));
			}
		}
		return next;
	}

	/** Answers with a 5xx status since this replica started: what the audit does not show. */
	private long serverErrors() {
		return (long) Search.in(meters).name("http.server.requests").tag("outcome", "SERVER_ERROR").timers().stream()
			.mapToDouble(timer -> timer.count())
			.sum();
	}

}
