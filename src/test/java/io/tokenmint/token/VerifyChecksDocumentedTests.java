package io.tokenmint.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class VerifyChecksDocumentedTests {

	@Test
	void everyVerifyProblemCodeIsInTheReadme() throws Exception {
		String readme = Files.readString(Path.of("README.md"));
		assertThat(Arrays.stream(TokenVerifier.Check.values()).map(Enum::name).filter(code -> !readme.contains(code)))
			.as("verify codes missing from the README").isEmpty();
	}

}
