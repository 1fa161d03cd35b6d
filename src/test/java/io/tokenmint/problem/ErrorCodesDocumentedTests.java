package io.tokenmint.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Clients branch on these codes; each one is explained in docs/api.md, or it is not a stable interface. */
class ErrorCodesDocumentedTests {

	@Test
	void everyProblemCodeIsInTheApiDocs() throws Exception {
		String readme = Files.readString(Path.of("docs/api.md"));
		assertThat(Arrays.stream(ProblemCode.values()).map(Enum::name).filter(code -> !readme.contains(code)))
			.as("codes missing from docs/api.md").isEmpty();
	}

}
