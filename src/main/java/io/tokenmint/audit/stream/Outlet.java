package io.tokenmint.audit.stream;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * One sink as the service uses it: written to at once when required; fed through a bounded buffer by a writer thread
 * of its own when optional, so that a slow or absent receiver never holds a request up. An optional sink that fails
 * keeps its batch and tries again with growing pauses; meanwhile what no longer fits in the buffer is dropped and
 * counted. Its state (last success, last failure) is what the health shows.
 */
final class Outlet {

	private static final Logger log = LoggerFactory.getLogger(Outlet.class);

	private static final int BATCH = 500;

	private final AuditSink sink;

	private final String name;

	private final boolean required;

	private final Clock clock;

	private final Counter written;

	private final Counter failures;

	private final Counter dropped;

	private final @Nullable BlockingQueue<String> buffer;

	private final @Nullable Thread writer;

	private volatile boolean running = true;

	private volatile @Nullable Instant lastSuccess;

	private volatile @Nullable Instant lastFailure;

	private volatile @Nullable String lastError;

	Outlet(AuditSink sink, String name, boolean required, int buffer, Clock clock, MeterRegistry meters) {
		this.sink = sink;
		this.name = name;
		this.required = required;
		this.clock = clock;
		this.written = Counter.builder("tokenmint.audit.stream.written").description("Audit records a sink took").tag("sink", name)
			.register(meters);
		this.failures = Counter.builder("tokenmint.audit.stream.failures").description("Writes to a sink that failed").tag("sink", name)
			.register(meters);
		this.dropped = Counter.builder("tokenmint.audit.stream.dropped")
			.description("Audit records an optional sink's full buffer could not take; they are in the database, not in the sink")
			.tag("sink", name)
			.register(meters);
		if (required) {
			this.buffer = null;
			this.writer = null;
		}
		else {
			this.buffer = new ArrayBlockingQueue<>(buffer);
			Gauge.builder("tokenmint.audit.stream.buffered", this.buffer, BlockingQueue::size)
				.description("Audit records waiting for an optional sink").tag("sink", name).register(meters);
			this.writer = new Thread(this::writeUntilStopped, "audit-stream-" + name);
			this.writer.setDaemon(true);
			this.writer.start();
		}
	}

	boolean required() {
		return required;
	}

	String name() {
		return name;
	}

	/** A required sink: written now; throws when it cannot take them. */
	synchronized void write(List<String> lines) {
		try {
			sink.write(lines);
			succeeded(lines.size());
		}
		catch (Exception ex) {
			failed(ex);
			throw new AuditSinkUnavailable();
		}
	}

	/** An optional sink: queued, or dropped and counted when the buffer is full. Never waits. */
	void offer(List<String> lines) {
		for (String line : lines) {
			if (!buffer.offer(line)) {
				dropped.increment();
			}
		}
	}

	private void writeUntilStopped() {
		List<String> batch = new ArrayList<>();
		BackOffExecution backOff = null;
		while (running || !buffer.isEmpty()) {
			try {
				if (batch.isEmpty()) {
					String first = buffer.poll(100, TimeUnit.MILLISECONDS);
					if (first == null) {
						continue;
					}
					batch.add(first);
					buffer.drainTo(batch, BATCH - 1);
				}
				sink.write(batch);
				succeeded(batch.size());
				batch.clear();
				backOff = null;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				failed(ex);
				if (!running) {
					return;
				}
				if (backOff == null) {
					backOff = pauses().start();
				}
				try {
					Thread.sleep(backOff.nextBackOff());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private static ExponentialBackOff pauses() {
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2);
		backOff.setMaxInterval(5_000);
		return backOff;
	}

	private void succeeded(int records) {
		written.increment(records);
		lastSuccess = clock.instant();
	}

	private void failed(Exception ex) {
		failures.increment();
		Instant now = clock.instant();
		boolean first = lastFailure == null || (lastSuccess != null && lastSuccess.isAfter(lastFailure));
		lastFailure = now;
		lastError = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		if (first) {
			log.error("Audit sink {} ({}) failed: {}", name, required ? "required: requests are refused" : "optional: records are buffered",
					lastError);
		}
	}

	/** Failing now: its last write failed and none succeeded since. */
	boolean failing() {
		Instant failure = lastFailure;
		Instant success = lastSuccess;
		return failure != null && (success == null || failure.isAfter(success));
	}

	@Nullable String lastError() {
		return lastError;
	}

	double written() {
		return written.count();
	}

	double dropped() {
		return dropped.count();
	}

	int buffered() {
		return buffer == null ? 0 : buffer.size();
	}

	void close() {
		running = false;
		if (writer != null) {
			try {
				writer.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		sink.close();
	}

}
