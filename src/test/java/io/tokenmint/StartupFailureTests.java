package io.tokenmint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.tokenmint.support.Replica;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A setting that stops tokenmint from starting is reported as one block under "APPLICATION FAILED TO START": the
 * setting, its value, the rule and the fix, with no stack trace in the way and never a secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

	private static final String ADMIN_KEY = "startup-admin-key-0123456789abcdef";

	private static String failure(Map<String, Object> settings, CapturedOutput output) throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-startup");
		Map<String, Object> properties = Replica.settings(dir, ADMIN_KEY);
		properties.put("spring.datasource.url", "jdbc:h2:mem:startup-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		properties.putAll(settings);
		int before = output.getAll().length();
		assertThatThrownBy(() -> Replica.start(properties)).isNotNull();
		String report = output.getAll().substring(before);
		assertThat(report).contains("APPLICATION FAILED TO START");
		String block = report.substring(report.indexOf("APPLICATION FAILED TO START"));
		assertThat(block).as("one block, no stack trace in it").doesNotContain("\tat ").doesNotContain("Caused by");
		return block;
	}

	@Test
	void aProfileLifetimeOverTheServicesMaximumNamesBothValues(CapturedOutput output) throws Exception {
		String block = failure(Map.of("tokenmint.max-expires-in", "7200", "tokenmint.profiles.braze.default-expires-in", "9000"), output);
		assertThat(block).contains("Setting: tokenmint.profiles.braze.default-expires-in").contains("Value:   9000 s")
			.contains("tokenmint.max-expires-in (7200 s)").contains("Action:");
	}

	@Test
	void aSettingsRecordThatBreaksARuleIsNamedBySetting(CapturedOutput output) throws Exception {
		String block = failure(Map.of("tokenmint.signing.rotation.rsa-bits", "1024"), output);
		assertThat(block).contains("Setting: tokenmint.signing.rotation.rsa-bits").contains("Value:   1024").contains("2048 or 3072");
	}

	@Test
	void rotationWithoutAKeyEncryptionKeySaysWhatIsMissing(CapturedOutput output) throws Exception {
		String block = failure(Map.of("tokenmint.signing.rotation.every", "90d"), output);
		assertThat(block).contains("Setting: tokenmint.signing.rotation.every").contains("tokenmint.signing.kek-alias");
	}

	@Test
	void aShortAdminKeyIsDescribedNeverShown(CapturedOutput output) throws Exception {
		String block = failure(Map.of("tokenmint.admin.api-key", "tooShort-7x"), output);
		assertThat(block).contains("TOKENMINT_ADMIN_API_KEY").contains("(11 characters)");
		assertThat(output.getAll()).doesNotContain("tooShort-7x");
	}

	@Test
	void aKeystoreThatIsNotThereIsOneBlockToo(CapturedOutput output) throws Exception {
		String block = failure(Map.of("tokenmint.signing.keystore", "/nonexistent/keys.p12", "tokenmint.signing.generate-if-missing", "false"),
				output);
		assertThat(block).contains("the signing keys are not usable").contains("TOKENMINT_KEYSTORE_PASSWORD");
	}

}
