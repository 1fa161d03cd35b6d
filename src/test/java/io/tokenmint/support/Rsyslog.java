package io.tokenmint.support;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's rsyslogd as a syslog receiver on a TCP port of its own, writing each message it receives as one line,
 * {@code <APP-NAME> <MSGID> <MSG>} (RFC 5424 parsed by rsyslog), to a file the test reads. Skipped where rsyslog is
 * not installed, except with {@code TOKENMINT_REQUIRE_RSYSLOG=1} (CI installs it), where that fails.
 */
public final class Rsyslog implements AutoCloseable {

	private static final String RSYSLOGD = "/usr/sbin/rsyslogd";

	private final Path dir;

	private final int port;

	private Process process;

	private Rsyslog(Path dir, int port) {
		this.dir = dir;
		this.port = port;
	}

	public static void assumeInstalled() {
		boolean installed = new File(RSYSLOGD).canExecute();
		if (!installed && "1".equals(System.getenv("TOKENMINT_REQUIRE_RSYSLOG"))) {
			throw new IllegalStateException("rsyslog is required (TOKENMINT_REQUIRE_RSYSLOG=1) but not installed");
		}
		Assumptions.assumeTrue(installed, "Debian's rsyslog is not installed");
	}

	public static Rsyslog start() throws IOException {
		Rsyslog rsyslog = new Rsyslog(Files.createTempDirectory("tokenmint-rsyslog"), JarProcess.freePort());
		rsyslog.startAgain();
		return rsyslog;
	}

	/** Starts (again) on the same port, appending to the same file. */
	public void startAgain() throws IOException {
		Files.deleteIfExists(dir.resolve("rsyslogd.pid"));
		Path conf = dir.resolve("rsyslog.conf");
		Files.writeString(conf, """
				global(workDirectory="%1$s" maxMessageSize="64k")
				module(load="imtcp" maxFrameSize="65536")
				template(name="audit" type="list") {
				  property(name="app-name") constant(value=" ") property(name="msgid") constant(value=" ")
				  property(name="msg") constant(value="\\n")
				}
				input(type="imtcp" port="%2$d" address="127.0.0.1" ruleset="audit")
				ruleset(name="audit") { action(type="omfile" file="%1$s/received.log" template="audit") }
				""".formatted(dir, port));
		process = new ProcessBuilder(RSYSLOGD, "-n", "-f", conf.toString(), "-i", dir.resolve("rsyslogd.pid").toString())
			.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("rsyslogd.out").toFile())).start();
		Awaitility.await("rsyslogd listening on " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
			.ignoreExceptions().until(() -> {
				try (Socket socket = new Socket("127.0.0.1", port)) {
					return true;
				}
			});
	}

	public int port() {
		return port;
	}

	/** Every line received so far. */
	public List<String> received() throws IOException {
		Path file = dir.resolve("received.log");
		return Files.exists(file) ? Files.readAllLines(file) : List.of();
	}

	/** Stops it as an outage would (SIGKILL): connections reset, the port closed. */
	public void stop() throws InterruptedException {
		if (process != null && process.isAlive()) {
			process.destroyForcibly();
			process.waitFor();
		}
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

}
