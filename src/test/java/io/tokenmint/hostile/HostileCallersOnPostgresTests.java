package io.tokenmint.hostile;

import java.nio.file.Path;
import java.util.Map;

import io.tokenmint.support.EmbeddedPostgres;

/** The hostile callers against PostgreSQL, which counts VARCHAR lengths in code points and refuses NUL. */
class HostileCallersOnPostgresTests extends HostileCallers {

	@Override
	Map<String, Object> database(Path dir) {
		return EmbeddedPostgres.settings(EmbeddedPostgres.newDatabase("tokenmint_hostile_callers"));
	}

}
