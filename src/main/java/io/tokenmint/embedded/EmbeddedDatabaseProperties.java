package io.tokenmint.embedded;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Upkeep of the embedded H2 database file.
 *
 * @param compactEvery how often the file's sparse chunks are rewritten and its free space given back; zero stops it
 * @param targetFill below this share of live data in the file (percent), it is compacted
 * @param rewriteLimit how much live data one step of a pass may rewrite, which bounds how long a commit waits for it
 */
@ConfigurationProperties("tokenmint.embedded-database")
@Validated
public record EmbeddedDatabaseProperties(@DefaultValue("1s") @NotNull Duration compactEvery,
		@DefaultValue("80") @Min(10) @Max(95) int targetFill, @DefaultValue("1MB") @NotNull org.springframework.util.unit.DataSize rewriteLimit) {

	boolean enabled() {
		return !compactEvery.isZero() && !compactEvery.isNegative();
	}

}
