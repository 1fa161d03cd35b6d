package io.tokenmint.hostile;

import java.nio.file.Path;
import java.util.Map;

/** The hostile callers against the embedded default: an H2 file database. */
class HostileCallersOnH2Tests extends HostileCallers {

	@Override
	Map<String, Object> database(Path dir) {
		return Map.of("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("data/tokenmint") + ";WRITE_DELAY=0");
	}

}
