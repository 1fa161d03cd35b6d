package io.tokenmint.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Purges records older than {@code tokenmint.audit.retention} every {@code purge-interval}. Every replica
 * runs it; the delete is idempotent, so they do not need to agree on who does.
 */
@Component
class AuditRetention {

	private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

	private final JdbcClient jdbc;

	private final AuditProperties properties;

	private final Clock clock = Clock.systemUTC();

	AuditRetention(JdbcClient jdbc, AuditProperties properties, TaskScheduler scheduler) {
		this.jdbc = jdbc;
		this.properties = properties;
		scheduler.scheduleWithFixedDelay(this::purgeQuietly, Instant.now().plusSeconds(60), properties.purgeInterval());
	}

	int purge() {
		Instant cutoff = clock.instant().minus(properties.retention());
		int purged = jdbc.sql("DELETE FROM audit_event WHERE occurred_at < ?").param(Timestamp.from(cutoff)).update();
		if (purged > 0) {
			log.info("Purged {} audit records older than {}", purged, cutoff);
		}
		return purged;
	}

	private void purgeQuietly() {
		try {
			purge();
		}
		catch (RuntimeException ex) {
			log.warn("Audit purge failed ({}); it runs again in {}", ex.getClass().getSimpleName(), properties.purgeInterval());
		}
	}

}
