package io.tokenmint.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.tokenmint.signing.KeyLife;
import io.tokenmint.signing.KeyLine;
import io.tokenmint.signing.TokenAlgorithm;

import org.junit.jupiter.api.Test;

/** The rotation decisions, from stored state alone. */
class RotationPlannerTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final Duration EVERY = Duration.ofDays(90);

	private static final Duration AHEAD = Duration.ofMinutes(10);

	private static final KeyLine SHARED = KeyLine.shared(TokenAlgorithm.RS256);

	private static final Set<KeyLine> RS256 = Set.of(SHARED);

	private static KeyLife active(String kid, Instant since) {
		return new KeyLife(kid, TokenAlgorithm.RS256, "ACTIVE", true, since.minus(AHEAD), since, null, null, since, null, "pem", false, null);
	}

	private static KeyLife waiting(String kid, Instant published, Instant activateAt) {
		return new KeyLife(kid, TokenAlgorithm.RS256, "PUBLISHED", true, published, null, null, null, activateAt, null, "pem", false, null);
	}

	private static KeyLife retired(String kid, Instant publishedUntil, boolean managed) {
		return new KeyLife(kid, TokenAlgorithm.RS256, "RETIRED", managed, T0, T0, T0, publishedUntil, T0, null, "pem", false, null);
	}

	private static List<RotationPlanner.Step> plan(List<KeyLife> keys, Instant now, boolean confirmed) {
		return RotationPlanner.plan(keys, RS256, now, EVERY, AHEAD, kid -> confirmed);
	}

	@Test
	void nothingToDoWhileTheActiveKeyIsYoung() {
		assertThat(plan(List.of(active("a", T0)), T0.plus(Duration.ofDays(89)), true)).isEmpty();
	}

	@Test
	void aSuccessorIsGeneratedPublishAheadBeforeItIsDueAndPlannedForTheDueTime() {
		Instant due = T0.plus(EVERY);
		assertThat(plan(List.of(active("a", T0)), due.minus(AHEAD), true))
			.containsExactly(new RotationPlanner.Generate(SHARED, due));
	}

	@Test
	void anOverdueRotationStillGivesVerifiersThePublishAheadWindow() {
		Instant now = T0.plus(EVERY).plus(Duration.ofDays(3));
		assertThat(plan(List.of(active("a", T0)), now, true)).containsExactly(new RotationPlanner.Generate(SHARED, now.plus(AHEAD)));
	}

	@Test
	void aGeneratedSuccessorIsNeverGeneratedTwice() {
		Instant due = T0.plus(EVERY);
		var keys = List.of(active("a", T0), waiting("b", due.minus(AHEAD), due));
		assertThat(plan(keys, due.minus(Duration.ofMinutes(1)), true)).isEmpty();
	}

	@Test
	void theSuccessorSignsOnTimeOnlyWhenEveryRequiredConsumerHasIt() {
		Instant due = T0.plus(EVERY);
		var keys = List.of(active("a", T0), waiting("b", due.minus(AHEAD), due));
		assertThat(plan(keys, due, true)).containsExactly(new RotationPlanner.Activate("b"));
		assertThat(plan(keys, due, false)).containsExactly(new RotationPlanner.Blocked("b"));
	}

	@Test
	void aSuccessorPublishedLateWaitsOutThePublishAheadWindow() {
		Instant due = T0.plus(EVERY);
		var keys = List.of(active("a", T0), waiting("b", due.minus(Duration.ofMinutes(1)), due));
		assertThat(plan(keys, due, true)).isEmpty();
		assertThat(plan(keys, due.minus(Duration.ofMinutes(1)).plus(AHEAD), true)).containsExactly(new RotationPlanner.Activate("b"));
	}

	@Test
	void aRetiredManagedKeyIsDestroyedOnlyAfterItsLastToken() {
		Instant until = T0.plus(Duration.ofDays(1));
		var keys = List.of(active("a", T0), retired("old", until, true), retired("keystore-key", until, false));
		assertThat(plan(keys, until.minusSeconds(1), true)).isEmpty();
		assertThat(plan(keys, until, true)).containsExactly(new RotationPlanner.Destroy("old"));
	}

	@Test
	void withoutAScheduleNothingIsGenerated() {
		assertThat(RotationPlanner.plan(List.of(active("a", T0)), RS256, T0.plus(Duration.ofDays(900)), null, AHEAD, kid -> true)).isEmpty();
	}

	@Test
	void aProfilesOwnLineGetsItsFirstKeyAtOnceEvenWithoutASchedule() {
		var braze = new KeyLine(TokenAlgorithm.RS256, "braze");
		assertThat(RotationPlanner.plan(List.of(active("a", T0)), Set.of(SHARED, braze), T0, null, AHEAD, kid -> true))
			.containsExactly(new RotationPlanner.Generate(braze, T0.plus(AHEAD)));
	}

	@Test
	void aProfilesFirstKeySignsOnceDeliveredAndPublishedAhead() {
		var braze = new KeyLine(TokenAlgorithm.RS256, "braze");
		var first = new KeyLife("b1", TokenAlgorithm.RS256, "PUBLISHED", true, T0, null, null, null, T0.plus(AHEAD), null, "pem", false, "braze");
		var lines = Set.of(SHARED, braze);
		assertThat(RotationPlanner.plan(List.of(active("a", T0), first), lines, T0.plus(AHEAD).minusSeconds(1), EVERY, AHEAD, kid -> true))
			.isEmpty();
		assertThat(RotationPlanner.plan(List.of(active("a", T0), first), lines, T0.plus(AHEAD), EVERY, AHEAD, kid -> false))
			.containsExactly(new RotationPlanner.Blocked("b1"));
		assertThat(RotationPlanner.plan(List.of(active("a", T0), first), lines, T0.plus(AHEAD), EVERY, AHEAD, kid -> true))
			.containsExactly(new RotationPlanner.Activate("b1"));
	}

	@Test
	void linesRotateApartAKeyOfOneLineIsNeverAnotherLinesSuccessor() {
		var braze = new KeyLine(TokenAlgorithm.RS256, "braze");
		var moengage = new KeyLine(TokenAlgorithm.RS256, "moengage");
		Instant due = T0.plus(EVERY);
		var brazeActive = new KeyLife("b1", TokenAlgorithm.RS256, "ACTIVE", true, T0, T0, null, null, T0, null, "pem", false, "braze");
		var moengageActive = new KeyLife("m1", TokenAlgorithm.RS256, "ACTIVE", true, T0, due, null, null, due, null, "pem", false, "moengage");
		var brazeNext = new KeyLife("b2", TokenAlgorithm.RS256, "PUBLISHED", true, due.minus(AHEAD), null, null, null, due, null, "pem", false,
				"braze");
		// The shared line is due as well and has no successor: braze's waiting key is not taken for one, nor moengage's.
		assertThat(RotationPlanner.plan(List.of(active("a", T0), brazeActive, moengageActive, brazeNext), Set.of(SHARED, braze, moengage), due,
				EVERY, AHEAD, kid -> true))
			.containsExactlyInAnyOrder(new RotationPlanner.Generate(SHARED, due.plus(AHEAD)), new RotationPlanner.Activate("b2"));
	}

	@Test
	void aLineNoProfileSignsFromAnyMoreIsRetiredAndNotRenewed() {
		var gone = new KeyLife("g1", TokenAlgorithm.RS256, "ACTIVE", true, T0, T0, null, null, T0, null, "pem", false, "gone");
		var waiting = new KeyLife("g2", TokenAlgorithm.RS256, "PUBLISHED", true, T0, null, null, null, T0.plus(EVERY), null, "pem", false,
				"gone");
		assertThat(plan(List.of(active("a", T0.plus(EVERY)), gone, waiting), T0.plus(EVERY), true))
			.containsExactlyInAnyOrder(new RotationPlanner.Retire("g1"), new RotationPlanner.Retire("g2"));
	}

	@Test
	void aKeyBoundToAProfileIsOutsideRotation() {
		var bound = new KeyLife("bound", TokenAlgorithm.RS256, "ACTIVE", false, T0, T0, null, null, null, null, "pem", true, null);
		assertThat(plan(List.of(bound), T0.plus(EVERY), true)).isEmpty();
	}

}
