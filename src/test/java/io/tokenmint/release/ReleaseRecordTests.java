package io.tokenmint.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The version is written in three places a release commit changes together (the pom, the Dockerfile's label, the
 * changelog), and every release the changelog records names a commit that builds that version.
 */
class ReleaseRecordTests {

	private static final Pattern PROJECT_VERSION = Pattern.compile("<artifactId>tokenmint</artifactId>\\s*<version>([^<]+)</version>");

	private static String projectVersion(String pom) {
		Matcher version = PROJECT_VERSION.matcher(pom);
		assertThat(version.find()).as("the project's version in the pom").isTrue();
		return version.group(1);
	}

	@Test
	void theImageIsLabelledWithThePomsVersion() throws Exception {
		String version = projectVersion(Files.readString(Path.of("pom.xml")));
		assertThat(Files.readString(Path.of("Dockerfile"))).contains("\nARG VERSION=" + version + "\n");
		assertThat(Release.current().version()).isEqualTo(version);
	}

	@Test
	void everyRecordedReleaseNamesTheCommitThatBuildsIt() throws Exception {
		assertThat(Releases.all()).isNotEmpty();
		String previous = null;
		for (Releases.Cut release : Releases.all()) {
			assertThat(projectVersion(Releases.git("show", release.commit() + ":pom.xml"))).as("the pom of %s's commit", release.version())
				.isEqualTo(release.version());
			assertThat(Releases.git("show", release.commit() + ":Dockerfile")).contains("\nARG VERSION=" + release.version() + "\n");
			if (previous != null) {
				assertThat(Release.compare(release.version(), previous)).as("newest first").isNegative();
			}
			previous = release.version();
		}
	}

	@Test
	void mainIsAheadOfTheNewestReleaseOrIsIt() throws Exception {
		String version = projectVersion(Files.readString(Path.of("pom.xml")));
		String newest = Releases.newest().version();
		if (version.endsWith("-SNAPSHOT")) {
			assertThat(Release.compare(version, newest)).as("%s after release %s", version, newest).isPositive();
			assertThat(Files.readString(Releases.CHANGELOG)).as("what main holds that no release has yet").contains("\n## Unreleased\n");
		}
		else {
			assertThat(version).isEqualTo(newest);
		}
	}

}
