package io.tokenmint.audit.stream;

import java.io.PrintStream;
import java.util.List;

/**
 * Standard output, where container log collectors read: the audit lines sit between the service's own log lines,
 * and are told apart by their {@code kind} ({@code token} or {@code admin}), which no log line has.
 */
final class StandardOutputSink implements AuditSink {

	private final PrintStream out;

	StandardOutputSink(PrintStream out) {
		this.out = out;
	}

	@Override
	public void write(List<String> lines) {
		synchronized (out) {
			lines.forEach(out::println);
			out.flush();
		}
	}

	@Override
	public void close() {
		out.flush();
	}

}
