package io.tokenmint.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentPatternTests {

	@ParameterizedTest
	@CsvSource({ "*,anything,true", "contracts-*,contracts-7,true", "contracts-*,contracts-,true",
			"contracts-*,invoice-7,false", "contracts-*,Contracts-7,false", "doc-42,doc-42,true", "doc-42,doc-420,false" })
	void matchesExactIdsPrefixesAndEverything(String pattern, String documentId, boolean matches) {
		assertThat(new DocumentPattern(pattern).matches(documentId)).isEqualTo(matches);
	}

	@ParameterizedTest
	@ValueSource(strings = { "*-contracts", "a*b*", "con*tracts" })
	void refusesStarsAnywhereButTheEnd(String pattern) {
		List<Violation> violations = new ArrayList<>();
		assertThat(DocumentPattern.parse(pattern, "/documents/0", violations)).isNull();
		assertThat(violations).extracting(Violation::code).containsExactly(ProblemCode.INVALID_DOCUMENT_PATTERN);
	}

}
