package io.tokenmint.release;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Before migrating, refuses a database that a newer release has contracted beyond what this one can run on: the
 * newer release's migrations removed something this one reads or writes, and it would fail at its first query
 * instead of at its start. A database without the record (before release 1.0.0, or empty) is migrated as always.
 */
@Component
class SchemaCompatibilityCheck implements FlywayMigrationStrategy {

	private final Release release = Release.current();

	@Override
	public void migrate(Flyway flyway) {
		String oldest = oldestRelease(flyway.getConfiguration().getDataSource());
		if (oldest != null && Release.compare(release.version(), oldest) < 0) {
			throw new DatabaseContractedByNewerRelease(release.version(), oldest);
		}
		flyway.migrate();
	}

	private static @Nullable String oldestRelease(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			try (ResultSet row = statement.executeQuery("SELECT oldest_release FROM schema_compatibility WHERE id = 1")) {
				return row.next() ? row.getString(1) : null;
			}
			catch (SQLException ex) {
				// SQLSTATE class 42, "no such table" on H2 (42S02) and PostgreSQL (42P01): not migrated that far yet.
				if (ex.getSQLState() != null && ex.getSQLState().startsWith("42")) {
					return null;
				}
				throw ex;
			}
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("cannot read the database's oldest compatible release", ex);
		}
	}

}
