package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.tokenmint.support.Replica;

import org.junit.jupiter.api.Test;

/**
 * Integrators meet tokenmint through a client generated from its OpenAPI document. This runs openapi-generator
 * (the CLI the pom fetches, in a process of its own) on the document a started service publishes, compiles the Java
 * client it makes (library native, Jackson) and the TypeScript one (typescript-fetch, compiled by TypeScript from
 * npm, run by Node), both unpatched, and runs the README's quickstart written against each
 * ({@code src/test/resources/generated-client/}): a client created, instant, moengage and braze tokens (and, in
 * TypeScript, a bare one), one verified, the JWKS, a PEM, an audit page and the export. The document is left in
 * {@code target/openapi/tokenmint.json} for {@code .ci/run}'s Redocly lint.
 */
class GeneratedClientIT {

	private static final String ADMIN_KEY = "generated-client-admin-key-0123456789";

	@Test
	void theQuickstartRunsThroughAGeneratedJavaClient() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-generated-client");
		Map<String, Object> properties = Replica.settings(dir, ADMIN_KEY);
		properties.put("spring.datasource.url", "jdbc:h2:mem:generated-client;DB_CLOSE_DELAY=-1");
		try (Replica service = Replica.start(properties)) {
			var document = service.api().get("/v3/api-docs");
			assertThat(document.status()).isEqualTo(200);
			Path spec = Path.of("target/openapi/tokenmint.json");
			Files.createDirectories(spec.getParent());
			Files.writeString(spec, document.body());

			Path generated = dir.resolve("client");
			run(List.of(java(), "-jar", System.getProperty("openapi-generator.jar"), "generate", "-g", "java", "--library", "native",
					"-i", spec.toAbsolutePath().toString(), "-o", generated.toString(), "--additional-properties="
							+ "invokerPackage=io.tokenmint.client.generated,apiPackage=io.tokenmint.client.generated.api,"
							+ "modelPackage=io.tokenmint.client.generated.model,containerDefaultToNull=true,openApiNullable=false,"
							+ "annotationLibrary=none,useJakartaEe=true"));

			Path classes = dir.resolve("classes");
			Files.createDirectories(classes);
			List<String> sources = new ArrayList<>();
			try (Stream<Path> files = Files.walk(generated.resolve("src/main/java"))) {
				files.filter(file -> file.toString().endsWith(".java")).forEach(file -> sources.add(file.toString()));
			}
			sources.add(Path.of("src/test/resources/generated-client/Quickstart.java").toAbsolutePath().toString());
			// The generated client needs Jackson 2 and jakarta.annotation, both on this class path already.
			List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
					"-proc:none", "-nowarn"));
			arguments.addAll(sources);
			JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
			ByteArrayOutputStream errors = new ByteArrayOutputStream();
			int compiled = javac.run(null, errors, errors, arguments.toArray(String[]::new));
			assertThat(compiled).as("the generated client and the quickstart compile: %s", errors.toString(StandardCharsets.UTF_8))
				.isZero();

			String output = run(List.of(java(), "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"), "Quickstart",
					"http://127.0.0.1:" + service.port(), ADMIN_KEY));
			assertThat(output).contains("QUICKSTART OK");

			// The same quickstart through the TypeScript client (typescript-fetch), compiled by TypeScript (from npm) and
			// run by Node, as a web or Node integrator would; it also takes the bare JWT (Accept: application/jwt).
			Path typescript = dir.resolve("typescript");
			run(List.of(java(), "-jar", System.getProperty("openapi-generator.jar"), "generate", "-g", "typescript-fetch", "-i",
					spec.toAbsolutePath().toString(), "-o", typescript.resolve("client").toString()));
			Files.copy(Path.of("src/test/resources/generated-client/quickstart.ts"), typescript.resolve("quickstart.ts"));
			run(List.of("npx", "--yes", "-p", "typescript@5.9.3", "tsc", "--target", "es2020", "--module", "commonjs", "--lib", "es2020,dom",
					"--strict", "--skipLibCheck", "--outDir", typescript.resolve("out").toString(), typescript.resolve("quickstart.ts").toString()));
			String node = run(List.of("node", typescript.resolve("out/quickstart.js").toString(), "http://127.0.0.1:" + service.port(), ADMIN_KEY));
			assertThat(node).contains("QUICKSTART OK");
		}
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** Runs a process to its end (a generous bound: these are seconds of work) and answers its output. */
	private static String run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s ended", command).isTrue();
		String text = new String(output, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as("%s: %s", command, text.length() > 4000 ? text.substring(text.length() - 4000) : text).isZero();
		return text;
	}

}
