package io.tokenmint.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * An online backup of the embedded database while it serves: H2's {@code BACKUP TO}, which copies the file as of
 * one committed state (it stops reusing space while it copies) into a zip that H2 opens as it is once unpacked.
 * The service holds the file open and locked, so no other process can copy it consistently; this is the way.
 */
@Component
class EmbeddedDatabaseBackup {

	private final JdbcTemplate jdbc;

	private final EmbeddedDatabaseUpkeep upkeep;

	private final Path dataDir;

	EmbeddedDatabaseBackup(JdbcTemplate jdbc, EmbeddedDatabaseUpkeep upkeep, TokenmintProperties properties) {
		this.jdbc = jdbc;
		this.upkeep = upkeep;
		this.dataDir = properties.dataDir();
	}

	/** Writes a backup into a new file under the data directory (the caller moves or deletes it) and returns it. */
	Path write() {
		if (!upkeep.embedded()) {
			throw new ProblemException(ProblemCode.BACKUP_NOT_EMBEDDED, "tokenmint runs on PostgreSQL here: back it up with pg_dump, or "
					+ "continuously with the database's own point-in-time recovery (docs/operations.md, \"Backing up and restoring\").");
		}
		try {
			Files.createDirectories(dataDir);
			Path file = Files.createTempFile(dataDir.toAbsolutePath(), "backup-", ".zip");
			// BACKUP TO refuses to write over a file that exists.
			Files.delete(file);
			// The path is ours, not a caller's: quoting it as an SQL literal is safe.
			upkeep.withoutCompaction(() -> jdbc.update("BACKUP TO '" + file.toString().replace("'", "''") + "'"));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the backup under " + dataDir, ex);
		}
	}

}
