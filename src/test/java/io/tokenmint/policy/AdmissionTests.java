package io.tokenmint.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.caller.Caller;
import io.tokenmint.client.ApiClient;
import io.tokenmint.document.CollaborationRule;
import io.tokenmint.document.DocumentPattern;
import io.tokenmint.document.PermissionSet;
import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;
import io.tokenmint.problem.RequestRefused;
import io.tokenmint.profile.AccessRequest;
import io.tokenmint.profile.DocumentRequest;
import io.tokenmint.profile.ProfileProperties;
import io.tokenmint.profile.TokenProfile;
import io.tokenmint.profile.TokenProfiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decision rules, for backends and signed-in users alike, without a database or HTTP. */
class AdmissionTests {

	private static final ProfileProperties.SdkUser SDK_USER = new ProfileProperties.SdkUser(true, io.tokenmint.signing.TokenAlgorithm.RS256,
			Duration.ofHours(1), null, null, null, Duration.ZERO);

	private static final TokenProfiles PROFILES = new TokenProfiles(new ProfileProperties(new ProfileProperties.Instant(io.tokenmint.signing.TokenAlgorithm.RS256, null),
			SDK_USER, SDK_USER, Map.of()),
			new TokenmintProperties(null, Duration.ofHours(1), Duration.ofHours(24), Duration.ofMinutes(1), Path.of("data"), "instant"));

	private static final TokenProfile<?> INSTANT = PROFILES.find("instant").orElseThrow();

	private static final TokenProfile<?> MOENGAGE = PROFILES.find("moengage").orElseThrow();

	private static final ApiClient VIEWER_BACKEND = new ApiClient("c-1", "viewer", PermissionSet.fromNames(List.of("read-document", "download")),
			List.of(new DocumentPattern("contracts-*")), Duration.ofMinutes(30), false, Set.of("instant", "moengage"), Instant.now(), null);

	private static final Caller.EndUser ALICE = new Caller.EndUser("alice", Set.of("editors"), "Alice", Map.of("email", "a@example.com"));

	private static AccessRequest document(String id, PermissionSet permissions, Duration lifetime) {
		return new AccessRequest(new DocumentRequest(id, null, permissions, null, null, null, false), null, null, lifetime, List.of());
	}

	private static Grant grant(String subject, String document, String layer, String permissions, List<String> rules, String group,
			Duration max, String... profiles) {
		return new Grant("g-" + subject + document, subject, new DocumentPattern(document), layer, PermissionSet.fromNames(List.of(permissions.split(","))),
				rules == null ? null : rules.stream().map(rule -> CollaborationRule.parse(rule).rule().orElseThrow()).toList(), group, max,
				Set.of(profiles.length == 0 ? new String[] { "instant" } : profiles), Instant.now());
	}

	private static ProblemCode refusal(Runnable decision) {
		try {
			decision.run();
		}
		catch (ProblemException ex) {
			return ex.code();
		}
		throw new AssertionError("not refused");
	}

	@Test
	void givesABackendItsMaximumWhenNoPermissionsAreNamedAndShortensTheDefaultLifetime() {
		var decision = ClientScope.of(VIEWER_BACKEND, INSTANT).decide(document("contracts-1", null, null));
		assertThat(decision.document().permissions().names()).containsExactly("read-document", "download");
		assertThat(decision.lifetime()).isEqualTo(Duration.ofMinutes(30));
	}

	@Test
	void refusesWhatABackendMayNotGive() {
		var scope = ClientScope.of(VIEWER_BACKEND, INSTANT);
		assertThat(refusal(() -> scope.decide(document("invoice-1", null, null)))).isEqualTo(ProblemCode.DOCUMENT_NOT_ALLOWED);
		assertThat(refusal(() -> scope.decide(document("contracts-1", PermissionSet.ALL, null)))).isEqualTo(ProblemCode.PERMISSION_NOT_ALLOWED);
		assertThat(refusal(() -> scope.decide(document("contracts-1", null, Duration.ofHours(1))))).isEqualTo(ProblemCode.EXPIRES_IN_NOT_ALLOWED);
		assertThat(refusal(() -> scope.decide(new AccessRequest(new DocumentRequest("contracts-1", null, null, null, null, null, true), null,
				null, null, List.of())))).isEqualTo(ProblemCode.PASSWORD_NOT_ALLOWED);
		var instantOnly = new ApiClient("c-2", "x", PermissionSet.ALL, List.of(new DocumentPattern("*")), Duration.ofHours(1), false,
				Set.of("instant"), Instant.now(), null);
		assertThat(refusal(() -> ClientScope.of(instantOnly, MOENGAGE))).isEqualTo(ProblemCode.PROFILE_NOT_ALLOWED);
	}

	@Test
	void makesABackendNameTheUserWhereTheTokenIsAboutTheUser() {
		var scope = ClientScope.of(VIEWER_BACKEND, MOENGAGE);
		assertThatExceptionOfType(InvalidRequest.class).isThrownBy(() -> scope.decide(new AccessRequest(null, null, "/user_id", null, List.of())))
			.satisfies(ex -> assertThat(ex.violations().get(0).pointer()).isEqualTo("/user_id"));
		assertThat(scope.decide(new AccessRequest(null, "customer-7", "/user_id", null, List.of())).userId()).isEqualTo("customer-7");
	}

	@Test
	void givesAUserTheUnionOfMatchingGrantsAsThemselves() {
		var grants = List.of(grant("user:alice", "doc-*", null, "read-document", null, null, Duration.ofMinutes(20)),
				grant("group:editors", "doc-*", null, "write", null, "reviewers", Duration.ofMinutes(10)));
		var decision = GrantScope.of(ALICE, INSTANT, grants).decide(document("doc-1", null, null));
		assertThat(decision.document().permissions().names()).containsExactly("read-document", "write");
		assertThat(decision.userId()).isEqualTo("alice");
		assertThat(decision.document().creatorName()).isEqualTo("Alice");
		assertThat(decision.document().defaultGroup()).isEqualTo("reviewers");
		assertThat(decision.lifetime()).as("default, capped by the largest grant").isEqualTo(Duration.ofMinutes(20));
		assertThat(decision.identity()).containsEntry("email", "a@example.com");
	}

	@Test
	void refusesWhatAUsersGrantsDoNotGive() {
		var grants = List.of(grant("user:alice", "doc-*", null, "read-document", List.of("annotations:view:all"), null, Duration.ofMinutes(20)));
		var scope = GrantScope.of(ALICE, INSTANT, grants);
		assertThat(refusal(() -> scope.decide(document("other-1", null, null)))).isEqualTo(ProblemCode.NO_GRANT);
		assertThat(refusal(() -> scope.decide(document("doc-1", PermissionSet.ALL, null)))).isEqualTo(ProblemCode.PERMISSION_NOT_GRANTED);
		assertThat(refusal(() -> scope.decide(document("doc-1", null, Duration.ofHours(1))))).isEqualTo(ProblemCode.EXPIRES_IN_NOT_ALLOWED);
		assertThat(refusal(() -> scope.decide(new AccessRequest(new DocumentRequest("doc-1", null, null, null, null, null, false), "bob",
				null, null, List.of())))).isEqualTo(ProblemCode.USER_ID_MISMATCH);
		assertThat(refusal(() -> GrantScope.of(ALICE, MOENGAGE, grants))).isEqualTo(ProblemCode.NO_GRANT);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "password, PASSWORD_NOT_ALLOWED", "creator, FIELD_NOT_ALLOWED", "group, FIELD_NOT_ALLOWED", "rules, FIELD_NOT_ALLOWED",
			"request field, FIELD_NOT_ALLOWED" })
	void refusesValuesOnlyABackendMaySet(String field, ProblemCode code) {
		var scope = GrantScope.of(ALICE, INSTANT, List.of(grant("user:alice", "*", "*", "all", null, null, Duration.ofHours(1))));
		var request = new DocumentRequest("d", null, null, field.equals("creator") ? "Mallory" : null, field.equals("group") ? "admins" : null,
				field.equals("rules") ? List.of() : null, field.equals("password"));
		assertThat(refusal(() -> scope.decide(new AccessRequest(request, null, null, null, field.equals("request field") ? List.of("room")
				: List.of())))).isEqualTo(code);
	}

	@Test
	void unitesCollaborationRulesOnlyWhenEveryGrantRestricts() {
		var restricted = List.of(grant("user:alice", "d", null, "all", List.of("annotations:view:all"), null, Duration.ofHours(1)),
				grant("group:editors", "d", null, "all", List.of("comments:reply:all"), null, Duration.ofHours(1)));
		assertThat(GrantScope.of(ALICE, INSTANT, restricted).decide(document("d", null, null)).document().collaborationRules())
			.extracting(CollaborationRule::toString).containsExactly("annotations:view:all", "comments:reply:all");
		var oneOpen = List.of(restricted.get(0), grant("group:editors", "d", null, "all", null, null, Duration.ofHours(1)));
		assertThat(GrantScope.of(ALICE, INSTANT, oneOpen).decide(document("d", null, null)).document().collaborationRules()).isNull();
	}

	@Test
	void appliesOneLifetimeRuleToEveryCaller() {
		var backend = ClientScope.of(VIEWER_BACKEND, MOENGAGE);
		var user = GrantScope.of(ALICE, MOENGAGE, List.of(grant("user:alice", "*", null, "all", null, null, Duration.ofMinutes(30), "moengage")));
		for (Admission admission : List.of(backend, user)) {
			assertThat(admission.decide(new AccessRequest(null, "alice", "/user_id", null, List.of())).lifetime()).isEqualTo(Duration.ofMinutes(30));
			assertThat(admission.decide(new AccessRequest(null, "alice", "/user_id", Duration.ofMinutes(5), List.of())).lifetime())
				.isEqualTo(Duration.ofMinutes(5));
			assertThatExceptionOfType(RequestRefused.class)
				.isThrownBy(() -> admission.decide(new AccessRequest(null, "alice", "/user_id", Duration.ofMinutes(31), List.of())))
				.satisfies(ex -> assertThat(ex.code()).isEqualTo(ProblemCode.EXPIRES_IN_NOT_ALLOWED));
		}
	}

	@Test
	void matchesLayersExactlyByWildcardOrDefault() {
		Grant anyLayer = grant("user:alice", "doc-*", "*", "all", null, null, Duration.ofHours(1));
		Grant review = grant("user:alice", "doc-*", "review", "all", null, null, Duration.ofHours(1));
		Grant defaultOnly = grant("user:alice", "doc-*", null, "all", null, null, Duration.ofHours(1));
		assertThat(anyLayer.covers("doc-1", null)).isTrue();
		assertThat(anyLayer.covers("doc-1", "x")).isTrue();
		assertThat(review.covers("doc-1", "review")).isTrue();
		assertThat(review.covers("doc-1", null)).isFalse();
		assertThat(defaultOnly.covers("doc-1", null)).isTrue();
		assertThat(defaultOnly.covers("doc-1", "review")).isFalse();
		assertThat(anyLayer.covers("other-1", null)).isFalse();
	}

}
