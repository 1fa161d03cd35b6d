package io.tokenmint.web;

import java.time.Duration;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code db} health check, answered from a result at most {@link #FRESHNESS} old. Health is open to
 * anonymous callers (probes), so without this each probe, at whatever pace a caller sends them, would take
 * a connection from the pool the audit writer needs. Replaces Boot's own {@code dbHealthIndicator}.
 */
@Component("dbHealthIndicator")
class CachedDatabaseHealth implements HealthIndicator {

	static final Duration FRESHNESS = Duration.ofSeconds(1);

	private final LoadingCache<Boolean, Health> latest;

	CachedDatabaseHealth(DataSource dataSource) {
		var check = new DataSourceHealthIndicator(dataSource);
		this.latest = Caffeine.newBuilder().expireAfterWrite(FRESHNESS).build(includeDetails -> check.health(includeDetails));
	}

	@Override
	public Health health(boolean includeDetails) {
		return latest.get(includeDetails);
	}

	@Override
	public Health health() {
		return health(true);
	}

}
