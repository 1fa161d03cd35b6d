package io.tokenmint.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class VerifyChecksDocumentedTests {

	@Test
	void everyVerifyProblemCodeIsInTheApiDocs() throws Exception {
		String readme = Files.readString(Path.of("docs/api.md"));
		assertThat(Arrays.stream(io.tokenmint.profile.VerifyCheck.values()).map(Enum::name).filter(code -> !readme.contains(code)))
			.as("verify codes missing from docs/api.md").isEmpty();
	}

}
