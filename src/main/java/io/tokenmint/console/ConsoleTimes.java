package io.tokenmint.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** How the console's templates show a time ({@code ${@times.of(key.activatedAt())}}): to the second, in UTC. */
@Component("times")
public class ConsoleTimes {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

	public String of(@Nullable Instant at) {
		return at == null ? "" : FORMAT.format(at);
	}

	/** A JWT NumericDate (seconds since the epoch) as a time, or empty when it is not one. */
	public String ofEpochSecond(@Nullable Object seconds) {
		return seconds instanceof Number number ? of(Instant.ofEpochSecond(number.longValue())) : "";
	}

	/** A duration in words a person reads at a glance: {@code 90 d}, {@code 2 h 5 min}, {@code 45 s}, not {@code PT2H5M}. */
	public String of(@Nullable Duration duration) {
		if (duration == null) {
			return "";
		}
		long seconds = duration.toSeconds();
		if (seconds == 0) {
			return duration.toMillis() + " ms";
		}
		StringBuilder text = new StringBuilder();
		long[] sizes = { 86_400, 3_600, 60, 1 };
		String[] units = { "d", "h", "min", "s" };
		for (int i = 0; i < sizes.length; i++) {
			if (seconds >= sizes[i]) {
				text.append(text.isEmpty() ? "" : " ").append(seconds / sizes[i]).append(' ').append(units[i]);
				seconds %= sizes[i];
			}
		}
		return text.toString();
	}

}
