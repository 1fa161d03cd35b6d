package io.tokenmint.audit;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param retention records older than this are purged
 * @param purgeInterval how often the purge runs
 * @param purgeDelay when the first purge runs after start-up
 * @param purgeBatch the most records one purge transaction deletes: a large purge is many short transactions,
 *        so that it never holds locks or a snapshot long while requests keep writing records
 * @param purgePause the pause between two purge batches, which leaves the database to the requests
 * @param writeTimeout how long a request waits for its record to be committed before answering 503
 * @param maxBatch the most records committed in one transaction
 * @param linger the most a commit waits for records announced as on their way (requests already being
 *        issued), so that a loaded service commits fewer, larger batches: each commit costs the database far
 *        more than each record in it. A lone record, with nothing announced, is committed at once, so an idle
 *        service adds no latency. 0 commits whatever has queued, as soon as the writer is free
 */
@Validated
@ConfigurationProperties("tokenmint.audit")
public record AuditProperties(@DefaultValue("90d") @NotNull Duration retention,
		@DefaultValue("1h") @NotNull Duration purgeInterval, @DefaultValue("60s") @NotNull Duration purgeDelay,
		@DefaultValue("2000") @Min(1) @Max(1_000_000) int purgeBatch,
		@DefaultValue("100ms") @NotNull Duration purgePause, @DefaultValue("5s") @NotNull Duration writeTimeout,
		@DefaultValue("500") @Min(1) @Max(10_000) int maxBatch, @DefaultValue("2ms") @NotNull Duration linger) {
}
