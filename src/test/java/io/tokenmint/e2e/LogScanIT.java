package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Runs after the whole unit and end-to-end suite and reads every line the services logged in it: no API key,
 * issued token, private key or test secret may appear. The fixed strings are secrets the tests use.
 */
class LogScanIT {

	private static final List<Pattern> SECRETS = List.of(
			Pattern.compile("tmk_[A-Za-z0-9_-]{43}"),
			Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{20,}"),
			Pattern.compile("PRIVATE KEY"),
			Pattern.compile("pdf-secret|pdf-password-Zq9xW|keystore-pass-4711|shared-pass-1|hsm-pin-2468|mounted-secret-pass"),
			Pattern.compile("test-admin-key-0123456789abcdef|rotation-admin-key|replicas-admin-key|outage-admin-key|postgres-admin-key"));

	@Test
	void noSecretInAnyLogOfTheTestRun() throws Exception {
		Path reports = Path.of("target/surefire-reports");
		assertThat(reports).as("the unit and end-to-end suite ran first").isDirectory();
		List<String> leaks = new ArrayList<>();
		int files = 0;
		try (Stream<Path> outputs = Files.list(reports)) {
			for (Path output : outputs.filter(p -> p.getFileName().toString().endsWith("-output.txt")).toList()) {
				files++;
				try (Stream<String> lines = Files.lines(output)) {
					lines.forEach(line -> SECRETS.stream().filter(secret -> secret.matcher(line).find())
						.forEach(secret -> leaks.add(output.getFileName() + ": " + secret + " in " + line.substring(0, Math.min(200, line.length())))));
				}
			}
		}
		assertThat(files).isGreaterThan(10);
		assertThat(leaks).isEmpty();
	}

}
