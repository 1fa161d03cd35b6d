package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.tokenmint.support.JarProcess;

import org.junit.jupiter.api.Test;

/**
 * Every curl line of the README and docs/ that calls tokenmint, run in order as a reader would (the README's
 * quickstart first, its variables kept), through Stoplight Prism as a validating proxy ({@code --errors}) in front
 * of the packaged service: a request or an answer that the OpenAPI document does not describe is an error in
 * Prism's log, and fails this test. What a gateway that validates against the document lets through is what the
 * docs tell readers to send.
 */
class DocumentedCurlsIT {

	/** Hosts the docs use for tokenmint, sent to Prism instead. */
	private static final List<String> HOSTS = List.of("http://localhost:8080", "https://tokenmint.example.com", "localhost:8080");

	@Test
	void everyDocumentedCurlPassesAValidatingProxy() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-documented-curls");
		// The settings the docs' examples assume (the custom profile of docs/profiles.md), as the reader would write them.
		Files.createDirectories(dir.resolve("config"));
		Files.writeString(dir.resolve("config/application.yml"), documentedSettings(Path.of("docs/profiles.md")));
		try (JarProcess service = JarProcess.start(dir, Map.of(), false).awaitLive(Duration.ofSeconds(120))) {
			Path spec = dir.resolve("openapi.json");
			Files.writeString(spec, service.api().get("/v3/api-docs").body());
			int prismPort = JarProcess.freePort();
			Path prismLog = dir.resolve("prism.log");
			Process prism = new ProcessBuilder("npx", "--yes", "@stoplight/prism-cli@5.14.2", "proxy", spec.toString(),
					service.api().base(), "--errors", "-p", String.valueOf(prismPort)).redirectErrorStream(true).redirectOutput(prismLog.toFile())
				.start();
			try {
				HttpClient http = HttpClient.newHttpClient();
				await("Prism listening").atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
						URI.create("http://127.0.0.1:" + prismPort + "/.well-known/jwks.json")).build(), HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200);
				String prismBase = "http://127.0.0.1:" + prismPort;
				List<String> commands = new ArrayList<>();
				commands.add("set -o pipefail");
				commands.addAll(documentedCommands(Path.of("README.md")));
				// Later pages name the admin key and a client by other names.
				commands.add("ADMIN_KEY=\"$ADMIN\"; CLIENT_ID=$(curl -s " + prismBase + "/admin/clients -H \"X-Api-Key: $ADMIN\" | jq -r '.[0].id')");
				try (Stream<Path> docs = Files.list(Path.of("docs"))) {
					for (Path doc : docs.filter(file -> file.toString().endsWith(".md")).sorted().toList()) {
						commands.addAll(documentedCommands(doc));
					}
				}
				String script = String.join("\n", commands.stream().map(command -> {
					String rewritten = command;
					for (String host : HOSTS) {
						rewritten = rewritten.replace(host, prismBase);
					}
					return rewritten;
				}).toList());
				assertThat(commands).as("curl lines found in the docs").hasSizeGreaterThan(12);
				Path file = dir.resolve("curls.sh");
				Files.writeString(file, script + "\n");
				Process bash = new ProcessBuilder("bash", file.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
				String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				assertThat(bash.waitFor(5, TimeUnit.MINUTES)).isTrue();
				// Prism logs after it answers: wait until every request it received has its outcome in the log.
				await("Prism's log of every request").atMost(Duration.ofSeconds(60)).until(() -> {
					String written = Files.readString(prismLog);
					return count(written, "Request received") > 0
							&& count(written, "Request received") == count(written, "✖") + count(written, "has returned");
				});
				String log = Files.readString(prismLog);
				// What went through, by path and status only (the log's other lines hold the requests' keys).
				log.lines().filter(line -> line.contains("has returned") || line.contains("✖")).forEach(System.out::println);
				List<String> refused = log.lines().filter(line -> line.contains("✖") || line.contains("Violation")).toList();
				assertThat(refused).as("what Prism refused of the docs' requests or tokenmint's answers; the script:\n%s\noutput:\n%s", script,
						output).isEmpty();
				assertThat(log).as("requests that reached tokenmint through Prism").contains("Forwarding");
			}
			finally {
				prism.descendants().forEach(ProcessHandle::destroy);
				prism.destroy();
			}
		}
	}

	/**
	 * The commands of a page's shell blocks that call tokenmint, whole (continued lines and quoted bodies over several
	 * lines joined), with the variable assignments they depend on (such as the README's ADMIN and KEY).
	 */
	static List<String> documentedCommands(Path page) throws IOException {
		List<String> commands = new ArrayList<>();
		boolean shell = false;
		StringBuilder command = new StringBuilder();
		for (String line : Files.readAllLines(page)) {
			if (line.startsWith("```")) {
				shell = !shell && (line.equals("```sh") || line.equals("```bash"));
				command.setLength(0);
				continue;
			}
			if (!shell || (command.isEmpty() && line.strip().startsWith("#"))) {
				continue;
			}
			command.append(command.isEmpty() ? "" : "\n").append(line);
			String text = command.toString();
			if (text.endsWith("\\") || !balanced(text)) {
				continue;
			}
			boolean callsTokenmint = HOSTS.stream().anyMatch(text::contains) && text.contains("curl");
			boolean adminKeyFile = text.startsWith("ADMIN=$(cat data/admin-api-key)");
			if (callsTokenmint || adminKeyFile) {
				commands.add(text);
			}
			command.setLength(0);
		}
		return commands;
	}

	private static long count(String text, String what) {
		return text.lines().filter(line -> line.contains(what)).count();
	}

	/** The YAML block of a page that declares a custom profile, as a reader would paste it into config/application.yml. */
	static String documentedSettings(Path page) throws IOException {
		StringBuilder block = null;
		for (String line : Files.readAllLines(page)) {
			if (block == null && line.equals("```yaml")) {
				block = new StringBuilder();
			}
			else if (block != null && line.startsWith("```")) {
				if (block.toString().contains("    custom:")) {
					return block.toString();
				}
				block = null;
			}
			else if (block != null) {
				block.append(line).append('\n');
			}
		}
		throw new AssertionError("no custom profile declared in " + page);
	}

	/** Whether every single and double quote opened in a shell command is closed (escapes inside double quotes aside). */
	private static boolean balanced(String text) {
		boolean single = false;
		boolean dbl = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\\' && !single) {
				i++;
			}
			else if (c == '\'' && !dbl) {
				single = !single;
			}
			else if (c == '"' && !single) {
				dbl = !dbl;
			}
		}
		return !single && !dbl;
	}

}
