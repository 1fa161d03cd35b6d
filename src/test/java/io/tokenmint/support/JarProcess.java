package io.tokenmint.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar run as its own process: the settings the Dockerfile puts in ENV, optionally as the image's
 * non-root user, in a working directory of our choosing; the fat jar, or the image's extracted layout.
 */
public final class JarProcess implements AutoCloseable {

	/** The image's user (Dockerfile USER). */
	public static final int IMAGE_UID = 10001;

	private final Process process;

	private final Path log;

	private final int port;

	private JarProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	public static Path jar() {
		String jar = System.getProperty("tokenmint.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("the packaged jar is missing (" + jar + "); run through mvn verify");
		}
		return Path.of(jar);
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** The ENV of the Dockerfile's final stage, so the test runs what the image runs. */
	public static Map<String, String> dockerfileEnvironment() throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		String finalStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
		Matcher env = Pattern.compile("\\nENV ((?:[^\\n]*\\\\\\n)*[^\\n]*)").matcher(finalStage);
		Map<String, String> variables = new LinkedHashMap<>();
		while (env.find()) {
			Matcher pair = Pattern.compile("([A-Z_]+)=(\"[^\"]*\"|\\S+)").matcher(env.group(1).replace("\\\n", " "));
			while (pair.find()) {
				variables.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
			}
		}
		return variables;
	}

	/**
	 * Extracts the packaged jar as the Dockerfile does: copied in as tokenmint.jar, then
	 * {@code java -Djarmode=tools -jar tokenmint.jar extract --destination <destination>}.
	 */
	public static void extractTo(Path destination) throws IOException, InterruptedException {
		Path build = Files.createTempDirectory("tokenmint-build");
		Path jar = Files.copy(jar(), build.resolve("tokenmint.jar"));
		try {
			Process extract = new ProcessBuilder(java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
					destination.toString()).redirectErrorStream(true).start();
			String output = new String(extract.getInputStream().readAllBytes());
			if (extract.waitFor() != 0) {
				throw new IllegalStateException("extracting the jar failed: " + output);
			}
		}
		finally {
			Files.delete(jar);
			Files.delete(build);
		}
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** The arguments of the Dockerfile's ENTRYPOINT (its exec form). */
	public static List<String> dockerfileEntrypoint() throws IOException {
		Matcher entrypoint = Pattern.compile("\\nENTRYPOINT \\[(.*)]").matcher(Files.readString(Path.of("Dockerfile")));
		if (!entrypoint.find()) {
			throw new IllegalStateException("the Dockerfile has no ENTRYPOINT in exec form");
		}
		List<String> arguments = new ArrayList<>();
		Matcher argument = Pattern.compile("\"([^\"]*)\"").matcher(entrypoint.group(1));
		while (argument.find()) {
			arguments.add(argument.group(1));
		}
		return arguments;
	}

	/**
	 * @param workingDirectory what the image's WORKDIR holds
	 * @param asImageUser run as the image's non-root user (possible when the tests run as root)
	 */
	public static JarProcess start(Path workingDirectory, Map<String, String> environment, boolean asImageUser) throws IOException {
		return start(workingDirectory, jar(), environment, asImageUser);
	}

	/** @param jar the fat jar, or the application jar of an extracted layout */
	public static JarProcess start(Path workingDirectory, Path jar, Map<String, String> environment, boolean asImageUser)
			throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>();
		if (asImageUser) {
			command.addAll(List.of("setpriv", "--reuid=" + IMAGE_UID, "--regid=" + IMAGE_UID, "--clear-groups"));
		}
		command.addAll(List.of(java(), "-jar", jar.toString()));
		Path log = Files.createTempFile("tokenmint-process", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
			.redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		builder.environment().put("SERVER_PORT", Integer.toString(port));
		return new JarProcess(builder.start(), log, port);
	}

	public TestApi api() {
		return new TestApi(port);
	}

	public long pid() {
		return process.pid();
	}

	public Process process() {
		return process;
	}

	public String output() throws IOException {
		return Files.readString(log);
	}

	/** Waits until the liveness probe (the Dockerfile's HEALTHCHECK) answers UP. */
	public JarProcess awaitLive(Duration timeout) throws Exception {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new AssertionError("tokenmint exited with " + process.exitValue() + ":\n" + output());
			}
			try {
				if (api().get("/actuator/health/liveness").body().contains("\"UP\"")) {
					return this;
				}
			}
			catch (IllegalStateException notYet) {
				// connection refused while starting
			}
			Thread.sleep(200);
		}
		throw new AssertionError("tokenmint was not live after " + timeout + ":\n" + output());
	}

	/** SIGKILL: no shutdown hook, no flush, as a crash or an OOM kill. */
	public void kill() throws InterruptedException {
		process.destroyForcibly();
		process.waitFor();
	}

	@Override
	public void close() throws InterruptedException {
		if (process.isAlive()) {
			process.destroy();
			if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
				kill();
			}
		}
	}

}
