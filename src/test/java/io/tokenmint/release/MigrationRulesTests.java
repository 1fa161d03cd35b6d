package io.tokenmint.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The migrations keep to expand and contract: those of a release already cut are never changed, those added
 * since leave that release's replicas working, and the oldest compatible release the jar declares is the one the
 * migrations write. RollingUpgradeIT shows the same by running both releases on one database.
 */
class MigrationRulesTests {

	private static final Path DB = Path.of("src/main/resources/db");

	private static List<Path> migrations() throws IOException {
		try (Stream<Path> files = Files.walk(DB)) {
			return files.filter(file -> file.toString().endsWith(".sql")).sorted().toList();
		}
	}

	private static String relative(Path migration) {
		return DB.relativize(migration).toString().replace('\\', '/');
	}

	private static boolean inTransaction(Path migration) throws IOException {
		Path conf = migration.resolveSibling(migration.getFileName() + ".conf");
		return !(Files.exists(conf) && Files.readString(conf).contains("executeInTransaction=false"));
	}

	@Test
	void aReleasedMigrationIsNeverChanged() throws Exception {
		Releases.Cut release = Releases.newest();
		Set<String> released = Set.of(Releases.git("ls-tree", "-r", "--name-only", release.commit(), "--", DB.toString()).split("\n"));
		assertThat(released).as("release %s's migrations", release.version()).anyMatch(path -> path.endsWith("V1__api_clients.sql"));
		for (String path : released) {
			if (path.endsWith(".sql") || path.endsWith(".conf")) {
				assertThat(Path.of(path)).as("%s, released in %s", path, release.version()).exists();
				assertThat(Files.readString(Path.of(path))).as("%s, released in %s: Flyway refuses a changed migration", path,
						release.version()).isEqualTo(Releases.git("show", release.commit() + ":" + path));
			}
		}
	}

	@Test
	void migrationsSinceTheLastReleaseOnlyExpandOrDeclareTheirContraction() throws Exception {
		Releases.Cut release = Releases.newest();
		Set<String> released = Set.of(Releases.git("ls-tree", "-r", "--name-only", release.commit(), "--", DB.toString()).split("\n"));
		List<String> violations = new ArrayList<>();
		for (Path migration : migrations()) {
			if (!released.contains(migration.toString().replace('\\', '/'))) {
				violations.addAll(MigrationRules.violations(relative(migration), Files.readString(migration), inTransaction(migration),
						release.version()));
			}
		}
		assertThat(violations).isEmpty();
	}

	@Test
	void theJarDeclaresTheOldestReleaseTheMigrationsWrite() throws Exception {
		Pattern written = Pattern.compile("(?i)(?:oldest_release\\s*=\\s*|VALUES\\s*\\(\\s*1\\s*,\\s*)'(\\d+\\.\\d+\\.\\d+)'");
		String highest = "0.0.0";
		for (Path migration : migrations()) {
			Matcher value = written.matcher(Files.readString(migration).replaceAll("--[^\\n]*", " "));
			while (value.find()) {
				highest = Release.compare(value.group(1), highest) > 0 ? value.group(1) : highest;
			}
		}
		Properties declared = new Properties();
		try (var in = Files.newInputStream(Path.of("src/main/resources/META-INF/tokenmint/release.properties"))) {
			declared.load(in);
		}
		assertThat(declared.getProperty("oldest-compatible-release")).isEqualTo(highest);
	}

	@Test
	void whatExpandsPasses() {
		assertThat(MigrationRules.violations("migration/V20__x.sql", """
				-- A comment may say DROP COLUMN or RENAME without contracting anything.
				CREATE TABLE webhook_secret (id BIGINT PRIMARY KEY, secret VARCHAR(200));
				ALTER TABLE api_client ADD COLUMN note VARCHAR(200);
				ALTER TABLE api_client ADD COLUMN tier INT NOT NULL DEFAULT 0;
				ALTER TABLE api_client ALTER COLUMN note DROP NOT NULL;
				UPDATE api_client SET tier = 1 WHERE name = 'x';
				""", true, "1.0.0")).isEmpty();
		assertThat(MigrationRules.violations("vendor/postgresql/V20__x.sql", "CREATE INDEX CONCURRENTLY api_client_note ON api_client (note);",
				false, "1.0.0")).isEmpty();
		assertThat(MigrationRules.violations("vendor/h2/V20__x.sql", "CREATE INDEX api_client_note ON api_client (note);", true, "1.0.0"))
			.isEmpty();
		assertThat(MigrationRules.violations("migration/V21__contract.sql", """
				ALTER TABLE api_client DROP COLUMN legacy;
				UPDATE schema_compatibility SET oldest_release = '1.0.0' WHERE id = 1;
				""", true, "1.0.0")).as("a declared contraction of what the last release no longer uses").isEmpty();
	}

	@Test
	void whatContractsOrLocksIsNamed() {
		for (String contraction : List.of("DROP TABLE grant_old;", "ALTER TABLE api_client DROP COLUMN legacy;",
				"alter table api_client drop legacy;", "ALTER TABLE api_client RENAME COLUMN name TO title;",
				"ALTER TABLE api_client RENAME TO client;", "ALTER TABLE api_client ALTER COLUMN name TYPE VARCHAR(10);",
				"ALTER TABLE api_client ALTER COLUMN note SET NOT NULL;", "ALTER TABLE api_client DROP CONSTRAINT pk_x;",
				"ALTER TABLE api_client ADD CONSTRAINT short_name CHECK (LENGTH(name) < 10);")) {
			assertThat(MigrationRules.violations("migration/V20__x.sql", contraction, true, "1.0.0")).as(contraction).singleElement()
				.asString().contains("contracts the schema");
		}
		assertThat(MigrationRules.violations("migration/V20__x.sql", "ALTER TABLE api_client ADD COLUMN tier INT NOT NULL;", true, "1.0.0"))
			.singleElement().asString().contains("without a default");
		assertThat(MigrationRules.violations("vendor/postgresql/V20__x.sql", "CREATE INDEX api_client_note ON api_client (note);", false,
				"1.0.0")).singleElement().asString().contains("CONCURRENTLY");
		assertThat(MigrationRules.violations("vendor/postgresql/V20__x.sql", "CREATE INDEX CONCURRENTLY n ON api_client (note);", true,
				"1.0.0")).as("concurrently, but in a transaction").singleElement().asString().contains("executeInTransaction=false");
		assertThat(MigrationRules.violations("migration/V20__x.sql", "CREATE INDEX n ON api_client (note);", true, "1.0.0"))
			.singleElement().asString().contains("per database");
		assertThat(MigrationRules.violations("migration/V21__contract.sql", """
				ALTER TABLE api_client DROP COLUMN legacy;
				UPDATE schema_compatibility SET oldest_release = '1.1.0' WHERE id = 1;
				""", true, "1.0.0")).singleElement().asString().contains("past the last release");
	}

}
