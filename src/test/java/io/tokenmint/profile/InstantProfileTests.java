package io.tokenmint.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tokenmint.document.CollaborationRule;
import io.tokenmint.document.PermissionSet;
import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.signing.TokenAlgorithm;
import io.tokenmint.validation.RequestFields;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The instant profile: what it reads, the claims it builds, what verify checks. */
class InstantProfileTests {

	private final InstantProfile profile = new InstantProfile(new ProfileProperties.Instant(TokenAlgorithm.RS256, null),
			Duration.ofHours(1), Duration.ofHours(24), null);

	/** A request body from name/value pairs. */
	static RequestFields fields(Object... pairs) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			values.put((String) pairs[i], pairs[i + 1]);
		}
		return new RequestFields(values);
	}

	static RequestFields raw(String documentId) {
		return documentId == null ? fields() : fields("document_id", documentId);
	}

	static Stream<Arguments> brokenRequests() {
		String longId = "d".repeat(257);
		return Stream.of(
				Arguments.of("document_id missing", raw(null), ProblemCode.FIELD_REQUIRED, "/document_id"),
				Arguments.of("document_id blank", raw("  "), ProblemCode.FIELD_BLANK, "/document_id"),
				Arguments.of("document_id too long", raw(longId), ProblemCode.FIELD_TOO_LONG, "/document_id"),
				Arguments.of("document_id with NUL", raw("doc\u0000"), ProblemCode.CONTROL_CHARACTERS, "/document_id"),
				Arguments.of("document_id with newline", raw("doc\n42"), ProblemCode.CONTROL_CHARACTERS, "/document_id"),
				Arguments.of("document_id with bidi override", raw("doc\u202E24"), ProblemCode.CONTROL_CHARACTERS, "/document_id"),
				Arguments.of("document_id with lone surrogate", raw("doc\uD800"), ProblemCode.CONTROL_CHARACTERS, "/document_id"),
				Arguments.of("layer too long", fields("document_id", "d", "layer", longId),
						ProblemCode.FIELD_TOO_LONG, "/layer"),
				Arguments.of("layer with control", fields("document_id", "d", "layer", "l\t"),
						ProblemCode.CONTROL_CHARACTERS, "/layer"),
				Arguments.of("layer blank", fields("document_id", "d", "layer", ""),
						ProblemCode.FIELD_BLANK, "/layer"),
				Arguments.of("unknown permission", fields("document_id", "d", "permissions", List.of("read")),
						ProblemCode.INVALID_PERMISSION, "/permissions/0"),
				Arguments.of("all mixed", fields("document_id", "d", "permissions", List.of("all", "write")),
						ProblemCode.PERMISSIONS_ALL_MIXED, "/permissions"),
				Arguments.of("empty permissions", fields("document_id", "d", "permissions", List.of()),
						ProblemCode.PERMISSIONS_EMPTY, "/permissions"),
				Arguments.of("bad rule", fields("document_id", "d", "user_id", "u", "collaboration_permissions", List.of("annotations:view")),
						ProblemCode.INVALID_COLLABORATION_PERMISSION, "/collaboration_permissions/0"),
				Arguments.of("form-fields self", fields("document_id", "d", "user_id", "u", "collaboration_permissions", List.of("form-fields:edit:self")),
						ProblemCode.INVALID_COLLABORATION_PERMISSION, "/collaboration_permissions/0"),
				Arguments.of("rules without user_id", fields("document_id", "d", "collaboration_permissions", List.of("annotations:view:all")),
						ProblemCode.COLLABORATION_PERMISSIONS_WITHOUT_USER_ID, "/collaboration_permissions"),
				Arguments.of("expires_in zero", fields("document_id", "d", "expires_in", 0L),
						ProblemCode.EXPIRES_IN_OUT_OF_RANGE, "/expires_in"),
				Arguments.of("expires_in over maximum", fields("document_id", "d", "expires_in", 86_401L),
						ProblemCode.EXPIRES_IN_OUT_OF_RANGE, "/expires_in"),
				Arguments.of("empty password", fields("document_id", "d", "password", ""),
						ProblemCode.FIELD_BLANK, "/password"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("brokenRequests")
	void refusesEachBrokenRuleWithItsCodeAndPointer(String name, RequestFields raw, ProblemCode code, String pointer) {
		assertThatExceptionOfType(InvalidRequest.class).isThrownBy(() -> profile.read(raw))
			.satisfies(ex -> assertThat(ex.violations()).anySatisfy(v -> {
				assertThat(v.code()).isEqualTo(code);
				assertThat(v.pointer()).isEqualTo(pointer);
			}));
	}

	@Test
	void reportsEveryViolationAtOnce() {
		var raw = fields("layer", "", "permissions", List.of("x"), "expires_in", 0L);
		assertThatExceptionOfType(InvalidRequest.class).isThrownBy(() -> profile.read(raw))
			.satisfies(ex -> assertThat(ex.violations()).hasSize(4));
	}

	@Test
	void keepsAbsentValuesAbsent() {
		var request = profile.read(raw("doc-42"));
		assertThat(request.permissions()).isNull();
		assertThat(request.collaborationRules()).isNull();
		assertThat(request.expiresIn()).isNull();
	}

	@Test
	void acceptsAFullRequest() {
		var request = profile.read(fields("document_id", "doc-42", "layer", "review", "user_id", "alice", "permissions", "all", "creator_name", "Alice Liddell", "group", "reviewers", "collaboration_permissions", List.of("annotations:view:all", "annotations:edit:self"), "password", "s3cret", "expires_in", 600L));
		assertThat(request.permissions()).isEqualTo(PermissionSet.ALL);
		assertThat(request.collaborationRules()).hasSize(2);
		assertThat(request.expiresIn()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void acceptsAnEmptyRuleListMeaningNothingIsAllowed() {
		var request = profile.read(fields("document_id", "d", "user_id", "alice", "collaboration_permissions", List.of()));
		assertThat(request.collaborationRules()).isEmpty();
	}

	@Test
	void neverPrintsThePassword() {
		var request = profile.read(fields("document_id", "d", "password", "hunter2"));
		assertThat(request.toString()).doesNotContain("hunter2");
	}


	@Test
	void refusesAFieldThatIsNotPartOfTheProfile() {
		assertThatExceptionOfType(InvalidRequest.class).isThrownBy(() -> profile.read(fields("document_id", "d", "sub", "x")))
			.satisfies(ex -> assertThat(ex.violations()).anySatisfy(v -> {
				assertThat(v.code()).isEqualTo(ProblemCode.UNKNOWN_FIELD);
				assertThat(v.pointer()).isEqualTo("/sub");
			}));
	}

	@Test
	void asksThePolicyForTheDocumentWithoutThePassword() {
		var access = profile.read(fields("document_id", "d", "layer", "l", "password", "hunter2", "expires_in", 60L)).access();
		assertThat(access.document()).isNotNull();
		assertThat(access.document().password()).isTrue();
		assertThat(access.document().toString()).doesNotContain("hunter2");
		assertThat(access.lifetime()).isEqualTo(Duration.ofMinutes(1));
		assertThat(access.userIdRequiredAt()).as("a Document Engine token may be anonymous").isNull();
	}

	private static Decision decision(DocumentGrant document, String userId) {
		return new Decision(userId, Duration.ofHours(1), document, Map.of());
	}

	@Test
	void emitsOnlyRequiredClaimsWhenNothingElseIsGiven() {
		var claims = profile.claims(profile.read(raw("doc-42")), decision(new DocumentGrant("doc-42", null,
				PermissionSet.fromNames(List.of("read-document")), null, null, null), null));
		assertThat(claims.asMap()).containsOnlyKeys("document_id", "permissions")
			.containsEntry("document_id", "doc-42")
			.containsEntry("permissions", List.of("read-document"));
	}

	@Test
	void namesEveryOptionalClaimAsDocumentEngineExpects() {
		var request = profile.read(fields("document_id", "doc-42", "password", "pdf-pass"));
		var claims = profile.claims(request, decision(new DocumentGrant("doc-42", "review", PermissionSet.ALL, "Alice Liddell", "reviewers",
				List.of(CollaborationRule.parse("annotations:edit:self").rule().get())), "alice"));
		assertThat(claims.asMap()).containsEntry("layer", "review")
			.containsEntry("user_id", "alice")
			.containsEntry("permissions", "all")
			.containsEntry("creator_name", "Alice Liddell")
			.containsEntry("default_group", "reviewers")
			.containsEntry("collaboration_permissions", List.of("annotations:edit:self"))
			.containsEntry("password", "pdf-pass")
			.doesNotContainKey("group");
		assertThat(claims.toString()).doesNotContain("pdf-pass");
		assertThat(claims.audit().toString()).doesNotContain("pdf-pass");
		assertThat(claims.audit().permissions()).containsExactly("all");
	}

	@Test
	void keepsAnEmptyRuleListBecauseItMeansNothingIsAllowed() {
		var claims = profile.claims(profile.read(raw("d")), decision(new DocumentGrant("d", null, PermissionSet.ALL, null, null, List.of()),
				"alice"));
		assertThat(claims.asMap()).containsEntry("collaboration_permissions", List.of());
	}

	static Stream<Arguments> mobilePermissions() {
		return Stream.of(Arguments.of("all", false), Arguments.of(List.of("read-document", "write", "download"), false),
				Arguments.of(List.of("read-document", "write"), true), Arguments.of(List.of("cover-image"), true));
	}

	@ParameterizedTest(name = "{0}: warning {1}")
	@MethodSource("mobilePermissions")
	void warnsWhenATokenCannotOpenTheDocumentOnIosOrAndroid(Object permissions, boolean warned) {
		Findings findings = new Findings();
		profile.check(new TokenFacts(Map.of(), Map.of("document_id", "d", "permissions", permissions), null), findings);
		assertThat(findings.problems()).isEmpty();
		assertThat(findings.warnings()).extracting(Finding::code)
			.isEqualTo(warned ? List.of(VerifyCheck.MISSING_PERMISSION_FOR_MOBILE) : List.of());
	}

	@Test
	void reportsEveryClaimOutsideTheVocabulary() {
		Findings findings = new Findings();
		profile.check(new TokenFacts(Map.of(), Map.of("permissions", List.of("read"), "layer", 7, "collaboration_permissions",
				List.of("annotations:view:all")), null), findings);
		assertThat(findings.problems()).extracting(Finding::code).containsExactlyInAnyOrder(VerifyCheck.MISSING_CLAIM,
				VerifyCheck.INVALID_CLAIM, VerifyCheck.INVALID_CLAIM, VerifyCheck.INVALID_CLAIM);
	}

}
