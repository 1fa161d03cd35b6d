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
 * @param writeTimeout how long a request waits for its record to be committed before answering 503
 * @param maxBatch the most records committed in one transaction
 * @param linger how long the writer waits for more records before committing a batch that is not full:
 *        fewer, larger commits under load, for at most this much added latency
 */
@Validated
@ConfigurationProperties("tokenmint.audit")
public record AuditProperties(@DefaultValue("90d") @NotNull Duration retention,
		@DefaultValue("1h") @NotNull Duration purgeInterval, @DefaultValue("5s") @NotNull Duration writeTimeout,
		@DefaultValue("500") @Min(1) @Max(10_000) int maxBatch, @DefaultValue("2ms") @NotNull Duration linger) {
}
