package io.tokenmint.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.tokenmint.signing.KeyLife;
import io.tokenmint.signing.TokenAlgorithm;

import org.junit.jupiter.api.Test;

/** The rotation decisions, from stored state alone. */
class RotationPlannerTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final Duration EVERY = Duration.ofDays(90);

	private static final Duration AHEAD = Duration.ofMinutes(10);

	private static final Set<TokenAlgorithm> RS256 = Set.of(TokenAlgorithm.RS256);

	private static KeyLife active(String kid, Instant since) {
		return new KeyLife(kid, TokenAlgorithm.RS256, "ACTIVE", true, since.minus(AHEAD), since, null, null, since, null, "pem", false);
	}

	private static KeyLife waiting(String kid, Instant published, Instant activateAt) {
		return new KeyLife(kid, TokenAlgorithm.RS256, "PUBLISHED", true, published, null, null, null, activateAt, null, "pem", false);
	}

	private static KeyLife retired(String kid, Instant publishedUntil, boolean managed) {
		return new KeyLife(kid, TokenAlgorithm.RS256, "RETIRED", managed, T0, T0, T0, publishedUntil, T0, null, "pem", false);
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
			.containsExactly(new RotationPlanner.Generate(TokenAlgorithm.RS256, due));
	}

	@Test
	void anOverdueRotationStillGivesVerifiersThePublishAheadWindow() {
		Instant now = T0.plus(EVERY).plus(Duration.ofDays(3));
		assertThat(plan(List.of(active("a", T0)), now, true)).containsExactly(new RotationPlanner.Generate(TokenAlgorithm.RS256, now.plus(AHEAD)));
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
	void aKeyBoundToAProfileIsOutsideRotation() {
		var bound = new KeyLife("bound", TokenAlgorithm.RS256, "ACTIVE", false, T0, T0, null, null, null, null, "pem", true);
		assertThat(plan(List.of(bound), T0.plus(EVERY), true)).isEmpty();
	}

}
