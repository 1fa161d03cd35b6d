package io.tokenmint.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tokenmint.client.DocumentPattern;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.RequestRefused;
import io.tokenmint.profile.CollaborationRule;
import io.tokenmint.profile.InstantRequest;
import io.tokenmint.profile.PermissionSet;

import org.junit.jupiter.api.Test;

class GrantPolicyTests {

	private static final Duration DEFAULT = Duration.ofHours(1);

	private static Grant grant(String subject, String document, String layer, List<String> permissions, List<String> rules,
			String group, Duration max) {
		return new Grant("g-" + subject + document, subject, new DocumentPattern(document), layer, PermissionSet.fromNames(permissions),
				rules == null ? null : rules.stream().map(rule -> CollaborationRule.parse(rule).rule().get()).toList(), group, max, java.util.Set.of("instant"),
				Instant.now());
	}

	private static InstantRequest ask(List<String> permissions, Duration expiresIn) {
		return new InstantRequest("doc-1", null, null, permissions == null ? null : PermissionSet.fromNames(permissions), null,
				null, null, null, expiresIn);
	}

	@Test
	void refusesWhenNoGrantMatches() {
		assertThatExceptionOfType(RequestRefused.class)
			.isThrownBy(() -> GrantPolicy.decide("alice", null, ask(null, null), List.of(), DEFAULT))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ProblemCode.NO_GRANT));
	}

	@Test
	void givesTheUnionOfMatchingGrantsWhenNothingIsNamed() {
		var decision = GrantPolicy.decide("alice", "Alice", ask(null, null), List.of(
				grant("user:alice", "doc-*", "*", List.of("read-document"), null, null, DEFAULT),
				grant("group:r", "doc-1", "*", List.of("write"), null, null, DEFAULT)), DEFAULT);
		assertThat(decision.permissions().names()).containsExactly("read-document", "write");
		assertThat(decision.userId()).isEqualTo("alice");
		assertThat(decision.creatorName()).isEqualTo("Alice");
		assertThat(decision.password()).isNull();
	}

	@Test
	void refusesPermissionsOutsideTheUnionNamingThem() {
		assertThatExceptionOfType(RequestRefused.class)
			.isThrownBy(() -> GrantPolicy.decide("alice", null, ask(List.of("read-document", "download"), null),
					List.of(grant("user:alice", "*", "*", List.of("read-document"), null, null, DEFAULT)), DEFAULT))
			.satisfies(ex -> {
				assertThat(ex.code()).isEqualTo(ProblemCode.PERMISSION_NOT_GRANTED);
				assertThat(ex.getMessage()).contains("download").doesNotContain("read-document");
			});
	}

	@Test
	void unitesCollaborationRulesWhenEveryGrantRestricts() {
		var decision = GrantPolicy.decide("alice", null, ask(null, null), List.of(
				grant("user:alice", "*", "*", List.of("read-document"), List.of("annotations:view:all"), null, DEFAULT),
				grant("group:r", "*", "*", List.of("read-document"), List.of("annotations:view:all", "comments:reply:all"), null, DEFAULT)),
				DEFAULT);
		assertThat(decision.collaborationRules()).extracting(CollaborationRule::toString)
			.containsExactly("annotations:view:all", "comments:reply:all");
	}

	@Test
	void omitsCollaborationRulesWhenAnyGrantIsUnrestricted() {
		var decision = GrantPolicy.decide("alice", null, ask(null, null), List.of(
				grant("user:alice", "*", "*", List.of("read-document"), List.of("annotations:view:all"), null, DEFAULT),
				grant("group:r", "*", "*", List.of("read-document"), null, null, DEFAULT)), DEFAULT);
		assertThat(decision.collaborationRules()).isNull();
	}

	@Test
	void capsTheLifetimeByTheLargestGrantMaximum() {
		var grants = List.of(grant("user:alice", "*", "*", List.of("read-document"), null, null, Duration.ofMinutes(5)),
				grant("group:r", "*", "*", List.of("read-document"), null, null, Duration.ofMinutes(20)));
		assertThat(GrantPolicy.decide("alice", null, ask(null, Duration.ofHours(2)), grants, DEFAULT).lifetime())
			.isEqualTo(Duration.ofMinutes(20));
		assertThat(GrantPolicy.decide("alice", null, ask(null, null), grants, DEFAULT).lifetime()).isEqualTo(Duration.ofMinutes(20));
		assertThat(GrantPolicy.decide("alice", null, ask(null, Duration.ofMinutes(1)), grants, DEFAULT).lifetime())
			.isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void takesTheDefaultGroupOfTheFirstGrantThatNamesOne() {
		var decision = GrantPolicy.decide("alice", null, ask(null, null), List.of(
				grant("user:alice", "*", "*", List.of("read-document"), null, null, DEFAULT),
				grant("group:r", "*", "*", List.of("read-document"), null, "reviewers", DEFAULT),
				grant("group:s", "*", "*", List.of("read-document"), null, "staff", DEFAULT)), DEFAULT);
		assertThat(decision.defaultGroup()).isEqualTo("reviewers");
	}

	@Test
	void matchesLayersExactlyByWildcardOrDefault() {
		var anyLayer = grant("user:a", "doc-*", "*", List.of("read-document"), null, null, DEFAULT);
		var review = grant("user:a", "doc-*", "review", List.of("read-document"), null, null, DEFAULT);
		var defaultOnly = grant("user:a", "doc-*", null, List.of("read-document"), null, null, DEFAULT);
		assertThat(anyLayer.covers("doc-1", null)).isTrue();
		assertThat(anyLayer.covers("doc-1", "x")).isTrue();
		assertThat(review.covers("doc-1", "review")).isTrue();
		assertThat(review.covers("doc-1", null)).isFalse();
		assertThat(review.covers("doc-1", "other")).isFalse();
		assertThat(defaultOnly.covers("doc-1", null)).isTrue();
		assertThat(defaultOnly.covers("doc-1", "review")).isFalse();
		assertThat(anyLayer.covers("other-1", null)).isFalse();
	}

}
