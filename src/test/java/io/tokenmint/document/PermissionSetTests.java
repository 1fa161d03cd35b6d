package io.tokenmint.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;

import org.junit.jupiter.api.Test;

class PermissionSetTests {

	private final List<Violation> violations = new ArrayList<>();

	@Test
	void readsTheCatchAllString() {
		assertThat(PermissionSet.parse("all", "/p", violations)).isSameAs(PermissionSet.ALL);
		assertThat(PermissionSet.ALL.claimValue()).isEqualTo("all");
	}

	@Test
	void readsNamesIntoAFixedOrderWithoutDuplicates() {
		var set = PermissionSet.parse(List.of("download", "read-document", "download"), "/p", violations);
		assertThat(violations).isEmpty();
		assertThat(set.claimValue()).isEqualTo(List.of("read-document", "download"));
	}

	@Test
	void refusesUnknownNamesWithAPointerToEach() {
		assertThat(PermissionSet.parse(List.of("read-document", "admin", "Write"), "/p", violations)).isNull();
		assertThat(violations).extracting(Violation::pointer).containsExactly("/p/1", "/p/2");
		assertThat(violations).extracting(Violation::code).containsOnly(ProblemCode.INVALID_PERMISSION);
	}

	@Test
	void refusesAnEmptyList() {
		assertThat(PermissionSet.parse(List.of(), "/p", violations)).isNull();
		assertThat(violations).extracting(Violation::code).containsExactly(ProblemCode.PERMISSIONS_EMPTY);
	}

	@Test
	void refusesAllMixedWithOthers() {
		assertThat(PermissionSet.parse(List.of("all", "write"), "/p", violations)).isNull();
		assertThat(violations).extracting(Violation::code).containsExactly(ProblemCode.PERMISSIONS_ALL_MIXED);
	}

	@Test
	void refusesOtherStringsAndTypes() {
		PermissionSet.parse("write", "/p", violations);
		PermissionSet.parse(42, "/p", violations);
		PermissionSet.parse(List.of(1), "/p", violations);
		assertThat(violations).extracting(Violation::code)
			.containsExactly(ProblemCode.INVALID_PERMISSION, ProblemCode.WRONG_TYPE, ProblemCode.INVALID_PERMISSION);
	}

	@Test
	void coversOnlyWhatItHolds() {
		var viewer = PermissionSet.of(List.of(Permission.READ_DOCUMENT, Permission.DOWNLOAD));
		var writer = PermissionSet.of(List.of(Permission.READ_DOCUMENT, Permission.WRITE));
		assertThat(viewer.covers(PermissionSet.of(List.of(Permission.READ_DOCUMENT)))).isTrue();
		assertThat(viewer.covers(writer)).isFalse();
		assertThat(viewer.uncovered(writer)).containsExactly("write");
		assertThat(viewer.covers(PermissionSet.ALL)).isFalse();
		assertThat(viewer.uncovered(PermissionSet.ALL)).containsExactly("all");
		assertThat(PermissionSet.ALL.covers(writer)).isTrue();
	}

	@Test
	void unionsAbsorbIntoAll() {
		var viewer = PermissionSet.of(List.of(Permission.READ_DOCUMENT));
		var writer = PermissionSet.of(List.of(Permission.WRITE));
		assertThat(viewer.union(writer).names()).containsExactly("read-document", "write");
		assertThat(viewer.union(PermissionSet.ALL)).isEqualTo(PermissionSet.ALL);
	}

	@Test
	void roundTripsThroughStoredNames() {
		assertThat(PermissionSet.fromNames(List.of("all"))).isEqualTo(PermissionSet.ALL);
		assertThat(PermissionSet.fromNames(List.of("write", "cover-image")).names()).containsExactly("write", "cover-image");
	}

}
