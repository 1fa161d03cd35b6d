package io.tokenmint.audit.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;

/**
 * A file rotated by size ({@code audit.log}, then {@code audit.log.1} … {@code audit.log.<max-files>}), by Logback's
 * rolling appender in a context of its own, so that nothing of the service's logging configuration applies to it. A
 * write that fails stops the appender; it is started again on the next write.
 */
final class FileSink implements AuditSink {

	private final LoggerContext context = new LoggerContext();

	private final RollingFileAppender<String> appender = new RollingFileAppender<>();

	FileSink(AuditStreamProperties.Sink sink) {
		context.setName("tokenmint-audit-stream");
		appender.setContext(context);
		appender.setName("audit");
		appender.setFile(sink.path());
		appender.setImmediateFlush(true);
		FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
		rolling.setContext(context);
		rolling.setParent(appender);
		rolling.setFileNamePattern(sink.path() + ".%i");
		rolling.setMinIndex(1);
		rolling.setMaxIndex(sink.maxFiles());
		rolling.start();
		SizeBasedTriggeringPolicy<String> trigger = new SizeBasedTriggeringPolicy<>();
		trigger.setContext(context);
		trigger.setMaxFileSize(new FileSize(sink.maxSize().toBytes()));
		// Logback looks at the size once a minute by default; a file that must stay under its size is looked at each time.
		trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(0));
		trigger.start();
		appender.setRollingPolicy(rolling);
		appender.setTriggeringPolicy(trigger);
		LineEncoder encoder = new LineEncoder();
		encoder.setContext(context);
		encoder.start();
		appender.setEncoder(encoder);
		appender.start();
	}

	@Override
	public void write(List<String> lines) throws IOException {
		if (!appender.isStarted()) {
			appender.start();
		}
		for (String line : lines) {
			appender.doAppend(line);
			if (!appender.isStarted()) {
				throw new IOException("cannot write " + appender.getFile() + " (see the status of the audit stream's appender)");
			}
		}
	}

	@Override
	public void close() {
		appender.stop();
		context.stop();
	}

	/** Each record as its own line, UTF-8. */
	private static final class LineEncoder extends EncoderBase<String> {

		@Override
		public byte[] headerBytes() {
			return new byte[0];
		}

		@Override
		public byte[] encode(String line) {
			return (line + "\n").getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public byte[] footerBytes() {
			return new byte[0];
		}

	}

}
