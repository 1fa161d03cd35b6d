package io.tokenmint.console;

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

}
