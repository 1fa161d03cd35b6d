package io.tokenmint.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

import io.tokenmint.support.Replica;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A release refuses, before migrating anything, a database that a release more than one step newer has contracted
 * (its oldest compatible release is newer than this one), and says which releases can run there and what to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class SchemaCompatibilityTests {

	private static final String ADMIN_KEY = "compatibility-admin-key-0123456789";

	@Test
	void aDatabaseContractedByANewerReleaseIsRefusedAndLeftAsItWas(CapturedOutput output) throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-compatibility");
		String url = "jdbc:h2:mem:compatibility-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
		Map<String, Object> properties = Replica.settings(dir, ADMIN_KEY);
		properties.put("spring.datasource.url", url);
		try (Connection keepAlive = DriverManager.getConnection(url, "tokenmint", "")) {
			try (Replica first = Replica.start(properties)) {
				assertThat(first.api().get("/actuator/health/readiness").status()).isEqualTo(200);
			}
			assertThat(oldestRelease(keepAlive)).isEqualTo("1.0.0");
			String current = Release.current().number();
			// What a release two steps newer leaves: its contracting migration raised the oldest release past this one.
			String newer = (Integer.parseInt(current.split("\\.")[0]) + 1) + ".1.0";
			keepAlive.createStatement().execute("UPDATE schema_compatibility SET oldest_release = '" + newer + "'");
			int migrations = count(keepAlive, "SELECT COUNT(*) FROM \"flyway_schema_history\"");

			int before = output.getAll().length();
			assertThatThrownBy(() -> Replica.start(properties)).hasRootCauseInstanceOf(DatabaseContractedByNewerRelease.class);
			String report = output.getAll().substring(before);
			String block = report.substring(report.indexOf("APPLICATION FAILED TO START"));
			assertThat(block).contains("tokenmint " + Release.current().version() + " cannot run on this database")
				.contains("Oldest release that can run on it: " + newer).contains("Run release " + newer + " or later")
				.contains("restore the backup").doesNotContain("\tat ");
			assertThat(count(keepAlive, "SELECT COUNT(*) FROM \"flyway_schema_history\"")).as("nothing migrated").isEqualTo(migrations);

			// The release it names, or this one once the value is its own, starts.
			keepAlive.createStatement().execute("UPDATE schema_compatibility SET oldest_release = '" + current + "'");
			try (Replica again = Replica.start(properties)) {
				assertThat(again.api().get("/actuator/health/readiness").status()).isEqualTo(200);
			}
		}
	}

	private static String oldestRelease(Connection connection) throws Exception {
		try (ResultSet row = connection.createStatement().executeQuery("SELECT oldest_release FROM schema_compatibility")) {
			assertThat(row.next()).isTrue();
			return row.getString(1);
		}
	}

	private static int count(Connection connection, String sql) throws Exception {
		try (ResultSet row = connection.createStatement().executeQuery(sql)) {
			row.next();
			return row.getInt(1);
		}
	}

}
