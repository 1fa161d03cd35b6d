package io.tokenmint.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The rollout question answered by exit status and in words, for a release that has contracted and one that has not. */
class UpgradeCheckTests {

	private static final Release EXPANDING = new Release("1.1.0", "1.0.0");

	private static final Release CONTRACTING = new Release("1.2.0-SNAPSHOT", "1.1.0");

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int check(Release target, String... arguments) {
		return UpgradeCheck.run(List.of(arguments), target, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	@Test
	void fromTheOldestCompatibleReleaseOrLaterTheReplicasRoll() {
		assertThat(check(EXPANDING, "--from", "1.0.0")).isEqualTo(UpgradeCheck.ROLLING);
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("Rolling upgrade from 1.0.0 to 1.1.0: possible");
		assertThat(check(CONTRACTING, "--from", "1.1.3")).isEqualTo(UpgradeCheck.ROLLING);
		assertThat(check(CONTRACTING, "--from", "1.2.0-SNAPSHOT")).as("the same release, another build").isEqualTo(UpgradeCheck.ROLLING);
	}

	@Test
	void fromBeforeAContractionEveryReplicaStopsFirst() {
		assertThat(check(CONTRACTING, "--from", "1.0.9")).isEqualTo(UpgradeCheck.STOP_FIRST);
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("not possible").contains("older than 1.1.0")
			.contains("stop every replica of 1.0.9");
	}

	@Test
	void versionsAreComparedAsNumbers() {
		assertThat(Release.compare("1.10.0", "1.9.0")).isPositive();
		assertThat(Release.compare("2.0.0", "10.0.0")).isNegative();
		assertThat(Release.compare("1.2.0-SNAPSHOT", "1.2.0")).isZero();
		assertThat(check(new Release("1.10.0", "1.9.0"), "--from", "1.9.2")).isEqualTo(UpgradeCheck.ROLLING);
	}

	@Test
	void aQuestionItCannotAnswerIsAUsageError() {
		assertThat(check(EXPANDING)).isEqualTo(UpgradeCheck.USAGE);
		assertThat(check(EXPANDING, "--from")).isEqualTo(UpgradeCheck.USAGE);
		assertThat(check(EXPANDING, "--from", "latest")).isEqualTo(UpgradeCheck.USAGE);
		assertThat(check(EXPANDING, "--to", "1.0.0")).isEqualTo(UpgradeCheck.USAGE);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -jar tokenmint.jar upgrade-check --from");
		assertThat(check(EXPANDING, "--from", "1.2.0")).as("a downgrade is not an upgrade").isEqualTo(UpgradeCheck.USAGE);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("backup taken before the upgrade");
		assertThat(out.size()).isZero();
	}

	@Test
	void thisBuildKnowsItsVersionAndWhatItRollsFrom() {
		Release current = Release.current();
		assertThat(current.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
		assertThat(Release.compare(current.oldestCompatible(), current.version())).isNotPositive();
	}

}
