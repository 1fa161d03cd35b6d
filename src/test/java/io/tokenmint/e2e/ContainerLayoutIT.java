package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.JarProcess;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestKeystores;

import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so this runs the packaged jar as the image would: the Dockerfile's ENV, the
 * extracted layout its ENTRYPOINT starts, its WORKDIR layout (application and config/ read-only, keystore
 * mounted read-only, data/ the only writable place), its non-root user where the tests run as root,
 * configuration from the environment only, and its HEALTHCHECK's liveness probe. The image's AOT cache needs
 * JDK 25 and is left out here; the benchmark uses it.
 */
class ContainerLayoutIT {

	private static final String ADMIN_KEY = "container-admin-key-0123456789abcdef";

	private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

	private Path imageLayout(boolean withKeystore) throws Exception {
		Path root = Files.createTempDirectory("tokenmint-image");
		Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path app = root.resolve("app");
		Files.createDirectories(app.resolve("config"));
		Files.copy(Path.of("config/application.yml"), app.resolve("config/application.yml"));
		Files.createDirectories(app.resolve("data"));
		Files.createDirectories(app.resolve("keys"));
		JarProcess.extractTo(app.resolve("application"));
		if (withKeystore) {
			TestKeystores.create().rsa("prod-key", 2048).writeTo(app.resolve("keys/signing.p12"), "mounted-secret-pass");
			Files.setPosixFilePermissions(app.resolve("keys/signing.p12"), PosixFilePermissions.fromString("r--r--r--"));
		}
		if (ROOT) {
			Files.setAttribute(app.resolve("data"), "unix:uid", JarProcess.IMAGE_UID);
			Files.setAttribute(app.resolve("data"), "unix:gid", JarProcess.IMAGE_UID);
		}
		for (Path readOnly : List.of(app.resolve("keys"), app.resolve("config"), app.resolve("application"), app)) {
			Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
		}
		return app;
	}

	/** The jar the Dockerfile's ENTRYPOINT starts, inside this layout. */
	private static Path entrypointJar(Path app) throws Exception {
		List<String> entrypoint = JarProcess.dockerfileEntrypoint();
		String jar = entrypoint.get(entrypoint.indexOf("-jar") + 1);
		assertThat(jar).startsWith("/app/");
		return app.resolve(jar.substring("/app/".length()));
	}

	private static Map<String, String> environment() throws Exception {
		Map<String, String> environment = new HashMap<>(JarProcess.dockerfileEnvironment());
		environment.put("TOKENMINT_KEYSTORE_PASSWORD", "mounted-secret-pass");
		environment.put("TOKENMINT_ADMIN_API_KEY", ADMIN_KEY);
		return environment;
	}

	private static Set<Path> filesOutsideData(Path app) throws Exception {
		try (Stream<Path> files = Files.walk(app)) {
			return files.filter(path -> !path.startsWith(app.resolve("data"))).collect(Collectors.toSet());
		}
	}

	@Test
	void runsAsTheImageDoesAndIssuesVerifiableTokens() throws Exception {
		assertThat(JarProcess.dockerfileEnvironment()).containsEntry("TOKENMINT_SIGNING_GENERATEIFMISSING", "false")
			.containsKey("JAVA_TOOL_OPTIONS");
		Path app = imageLayout(true);
		Set<Path> before = filesOutsideData(app);
		assertThat(entrypointJar(app)).exists();
		try (JarProcess tokenmint = JarProcess.start(app, entrypointJar(app), environment(), ROOT)
			.awaitLive(Duration.ofSeconds(90))) {
			TestApi api = tokenmint.api();
			assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
			String key = (String) api.post("/admin/clients", Map.of("name", "image", "max_permissions", "all", "documents", List.of("*")),
					TestApi.apiKey(ADMIN_KEY)).json().get("api_key");
			var issued = api.post("/tokens", Map.of("document_id", "doc-1"), TestApi.apiKey(key));
			assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
			assertThat(issued.json()).containsEntry("kid", "prod-key");
			IndependentVerifier.verifyWithJwks((String) issued.json().get("token"), api.get("/.well-known/jwks.json").body());
			if (ROOT) {
				String status = Files.readString(Path.of("/proc/" + tokenmint.pid() + "/status"));
				assertThat(status).containsPattern("Uid:\\s+" + JarProcess.IMAGE_UID + "\\s");
			}
			assertThat(tokenmint.output()).doesNotContain("DEVELOPMENT SIGNING KEY").doesNotContain(ADMIN_KEY)
				.doesNotContain("mounted-secret-pass");
		}
		assertThat(filesOutsideData(app)).as("nothing written outside data/").isEqualTo(before);
		assertThat(app.resolve("data/tokenmint.mv.db")).exists();
	}

	@Test
	void refusesToStartWithoutAMountedKeystore() throws Exception {
		Path app = imageLayout(false);
		try (JarProcess tokenmint = JarProcess.start(app, entrypointJar(app), environment(), ROOT)) {
			assertThat(tokenmint.process().waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).as("exits by itself").isTrue();
			assertThat(tokenmint.process().exitValue()).isNotZero();
			assertThat(tokenmint.output()).contains("keys/signing.p12").contains("does not exist")
				.doesNotContain("mounted-secret-pass");
		}
	}

}
