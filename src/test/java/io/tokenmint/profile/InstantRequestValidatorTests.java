package io.tokenmint.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InstantRequestValidatorTests {

	private final InstantRequestValidator validator = new InstantRequestValidator(new TokenmintProperties(null,
			Duration.ofHours(1), Duration.ofHours(24), Duration.ofMinutes(1), Path.of("data"), "instant"));

	static InstantRequest.Raw raw(String documentId) {
		return new InstantRequest.Raw(documentId, null, null, null, null, null, null, null, null);
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
				Arguments.of("layer too long", new InstantRequest.Raw("d", longId, null, null, null, null, null, null, null),
						ProblemCode.FIELD_TOO_LONG, "/layer"),
				Arguments.of("layer with control", new InstantRequest.Raw("d", "l\t", null, null, null, null, null, null, null),
						ProblemCode.CONTROL_CHARACTERS, "/layer"),
				Arguments.of("layer blank", new InstantRequest.Raw("d", "", null, null, null, null, null, null, null),
						ProblemCode.FIELD_BLANK, "/layer"),
				Arguments.of("unknown permission", new InstantRequest.Raw("d", null, null, List.of("read"), null, null, null, null, null),
						ProblemCode.INVALID_PERMISSION, "/permissions/0"),
				Arguments.of("all mixed", new InstantRequest.Raw("d", null, null, List.of("all", "write"), null, null, null, null, null),
						ProblemCode.PERMISSIONS_ALL_MIXED, "/permissions"),
				Arguments.of("empty permissions", new InstantRequest.Raw("d", null, null, List.of(), null, null, null, null, null),
						ProblemCode.PERMISSIONS_EMPTY, "/permissions"),
				Arguments.of("bad rule", new InstantRequest.Raw("d", null, "u", null, null, null, List.of("annotations:view"), null, null),
						ProblemCode.INVALID_COLLABORATION_PERMISSION, "/collaboration_permissions/0"),
				Arguments.of("form-fields self", new InstantRequest.Raw("d", null, "u", null, null, null, List.of("form-fields:edit:self"), null, null),
						ProblemCode.INVALID_COLLABORATION_PERMISSION, "/collaboration_permissions/0"),
				Arguments.of("rules without user_id", new InstantRequest.Raw("d", null, null, null, null, null, List.of("annotations:view:all"), null, null),
						ProblemCode.COLLABORATION_PERMISSIONS_WITHOUT_USER_ID, "/collaboration_permissions"),
				Arguments.of("expires_in zero", new InstantRequest.Raw("d", null, null, null, null, null, null, null, 0L),
						ProblemCode.EXPIRES_IN_OUT_OF_RANGE, "/expires_in"),
				Arguments.of("expires_in over maximum", new InstantRequest.Raw("d", null, null, null, null, null, null, null, 86_401L),
						ProblemCode.EXPIRES_IN_OUT_OF_RANGE, "/expires_in"),
				Arguments.of("empty password", new InstantRequest.Raw("d", null, null, null, null, null, null, "", null),
						ProblemCode.FIELD_BLANK, "/password"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("brokenRequests")
	void refusesEachBrokenRuleWithItsCodeAndPointer(String name, InstantRequest.Raw raw, ProblemCode code, String pointer) {
		assertThatExceptionOfType(InvalidRequest.class).isThrownBy(() -> validator.validate(raw))
			.satisfies(ex -> assertThat(ex.violations()).anySatisfy(v -> {
				assertThat(v.code()).isEqualTo(code);
				assertThat(v.pointer()).isEqualTo(pointer);
			}));
	}

	@Test
	void reportsEveryViolationAtOnce() {
		var raw = new InstantRequest.Raw(null, "", null, List.of("x"), null, null, null, null, 0L);
		assertThatExceptionOfType(InvalidRequest.class).isThrownBy(() -> validator.validate(raw))
			.satisfies(ex -> assertThat(ex.violations()).hasSize(4));
	}

	@Test
	void keepsAbsentValuesAbsent() {
		var request = validator.validate(raw("doc-42"));
		assertThat(request.permissions()).isNull();
		assertThat(request.collaborationRules()).isNull();
		assertThat(request.expiresIn()).isNull();
	}

	@Test
	void acceptsAFullRequest() {
		var request = validator.validate(new InstantRequest.Raw("doc-42", "review", "alice", "all", "Alice Liddell", "reviewers",
				List.of("annotations:view:all", "annotations:edit:self"), "s3cret", 600L));
		assertThat(request.permissions()).isEqualTo(PermissionSet.ALL);
		assertThat(request.collaborationRules()).hasSize(2);
		assertThat(request.expiresIn()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void acceptsAnEmptyRuleListMeaningNothingIsAllowed() {
		var request = validator.validate(new InstantRequest.Raw("d", null, "alice", null, null, null, List.of(), null, null));
		assertThat(request.collaborationRules()).isEmpty();
	}

	@Test
	void neverPrintsThePassword() {
		var request = validator.validate(new InstantRequest.Raw("d", null, null, null, null, null, null, "hunter2", null));
		assertThat(request.toString()).doesNotContain("hunter2");
	}

}
