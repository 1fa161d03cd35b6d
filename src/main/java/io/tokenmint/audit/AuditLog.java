package io.tokenmint.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tokenmint.audit.stream.AuditSinkUnavailable;
import io.tokenmint.audit.stream.AuditStream;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes audit entries durably with group commit: concurrent requests hand their entries to one writer
 * thread, which commits whatever has queued up in a single transaction. {@link #record} returns only once
 * the caller's own entry is committed, and throws when it cannot be, so no token leaves without its
 * record. A busy writer waits, at most the linger, for records announced as on their way, so that a loaded
 * service commits fewer and larger batches while an idle one commits each record at once. On shutdown the
 * writer drains the queue after the web server has finished its requests.
 */
@Component
public class AuditLog implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

	private static final long ANNOUNCED_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final JsonMapper json;

	private final AuditProperties properties;

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(20_000);

	private final Thread writer;

	private final Timer commitTime;

	private final DistributionSummary batchSize;

	private final Timer waitTime;

	private final Counter failures;

	private volatile boolean running = true;

	/** Records announced by requests that have not handed them over yet. */
	private final AtomicInteger announced = new AtomicInteger();

	private final AuditStream stream;

	AuditLog(JdbcTemplate jdbc, PlatformTransactionManager transactions, JsonMapper json, AuditProperties properties,
			MeterRegistry meters, AuditStream stream) {
		this.stream = stream;
		this.commitTime = Timer.builder("tokenmint.audit.write").description("Time to commit one batch of audit records")
			.register(meters);
		this.waitTime = Timer.builder("tokenmint.audit.wait").description("Time a request waits for its audit record's commit")
			.register(meters);
		this.batchSize = DistributionSummary.builder("tokenmint.audit.batch").description("Records per commit").register(meters);
		this.failures = Counter.builder("tokenmint.audit.write.failures")
			.description("Audit records that could not be committed; their requests got no token").register(meters);
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.json = json;
		this.properties = properties;
		this.writer = new Thread(this::writeUntilStopped, "audit-writer");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	/**
	 * Announces a record that this thread will hand over shortly with {@link #record(AuditEntry, Announcement)}:
	 * a commit that starts meanwhile waits for it, at most the linger. Close it on every path, including those
	 * that end without a record, or commits wait out the linger for nothing.
	 */
	public Announcement announce() {
		announced.incrementAndGet();
		return new Announcement();
	}

	/** @throws AuditUnavailable when the entry could not be committed in time */
	public void record(AuditEntry entry) {
		record(entry, null);
	}

	/**
	 * Records an announced entry: the announcement ends as soon as the entry is queued, before the wait for
	 * its commit, so that the commit never waits for its own waiters.
	 *
	 * @throws AuditUnavailable when the entry could not be committed in time
	 */
	public void record(AuditEntry entry, @Nullable Announcement announcement) {
		Pending pending = new Pending(row(entry), new CompletableFuture<>());
		boolean queued = running && queue.offer(pending);
		if (announcement != null) {
			announcement.close();
		}
		if (!queued) {
			throw new AuditUnavailable();
		}
		long started = System.nanoTime();
		try {
			pending.committed().get(properties.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
			waitTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new AuditUnavailable();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AuditUnavailable();
		}
	}

	private void writeUntilStopped() {
		List<Pending> batch = new ArrayList<>();
		while (running || !queue.isEmpty()) {
			try {
				Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				gather(batch);
				commit(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				running = false;
			}
			finally {
				batch.clear();
			}
		}
	}

	/**
	 * Adds what is queued and, while records are announced, what arrives within the linger time, up to a full
	 * batch. Nothing announced, nothing to wait for: a lone record is committed at once.
	 */
	private void gather(List<Pending> batch) throws InterruptedException {
		long deadline = System.nanoTime() + properties.linger().toNanos();
		while (batch.size() < properties.maxBatch()) {
			queue.drainTo(batch, properties.maxBatch() - batch.size());
			long left = deadline - System.nanoTime();
			if (batch.size() >= properties.maxBatch() || left <= 0 || announced.get() == 0) {
				return;
			}
			// In short slices: an announcement may end without a record (a request that failed), and then
			// there is nothing left to wait for.
			Pending next = queue.poll(Math.min(left, ANNOUNCED_POLL_NANOS), TimeUnit.NANOSECONDS);
			if (next != null) {
				batch.add(next);
			}
		}
	}

	private void commit(List<Pending> batch) {
		try {
			batchSize.record(batch.size());
			commitTime.record(() -> insert(batch));
			batch.forEach(pending -> pending.committed().complete(null));
		}
		catch (RuntimeException ex) {
			if (batch.size() == 1 || unreachable(ex)) {
				log.error("Audit write of {} records failed ({}); their requests get no token", batch.size(), ex.getClass().getSimpleName());
				failures.increment(batch.size());
				batch.forEach(pending -> pending.committed().completeExceptionally(ex));
				return;
			}
			// One row can fail a whole batch; commit the others so only its own request goes without a token.
			commitOneByOne(batch);
		}
	}

	private void commitOneByOne(List<Pending> batch) {
		int failed = 0;
		RuntimeException outage = null;
		for (Pending pending : batch) {
			if (outage != null) {
				pending.committed().completeExceptionally(outage);
				failed++;
				continue;
			}
			try {
				insert(List.of(pending));
				pending.committed().complete(null);
			}
			catch (RuntimeException ex) {
				failed++;
				outage = unreachable(ex) ? ex : null;
				pending.committed().completeExceptionally(ex);
			}
		}
		failures.increment(failed);
		log.error("Audit batch of {} records failed; committed one by one, {} could not be written ({}); their requests get no token",
				batch.size(), failed, outage == null ? "rejected by the database" : "database unreachable");
	}

	/**
	 * The rows in one transaction; with sinks configured, every required sink takes them before it commits (one that
	 * cannot rolls them back, and their requests are refused), and the optional ones are handed them after.
	 */
	private void insert(List<Pending> rows) {
		List<String> lines = stream.enabled() ? rows.stream().map(pending -> json.writeValueAsString(AuditRow.record(pending.row(), json)))
			.toList() : List.of();
		transaction.executeWithoutResult(status -> {
			jdbc.batchUpdate(AuditRow.INSERT, rows.stream().map(Pending::row).toList());
			stream.writeRequired(lines);
		});
		stream.offer(lines);
	}

	/**
	 * The database is gone, or a required sink, rather than refusing a row: retrying each row would only wait out each
	 * timeout.
	 */
	private static boolean unreachable(RuntimeException ex) {
		return ex instanceof DataAccessResourceFailureException || ex instanceof TransientDataAccessException
				|| ex instanceof TransactionException || ex instanceof AuditSinkUnavailable;
	}

	private Object[] row(AuditEntry entry) {
		return AuditRow.of(entry, json);
	}

	/** Runs after the web server stopped, so every request that got an answer has its record queued. */
	@Override
	public void destroy() throws InterruptedException {
		running = false;
		writer.join(properties.writeTimeout().toMillis() * 2);
		if (!queue.isEmpty()) {
			log.error("{} audit records were still queued at shutdown; their requests got no token", queue.size());
		}
	}

	private record Pending(Object[] row, CompletableFuture<Void> committed) {
	}

	/** A record on its way ({@link #announce}); closing it twice counts once. */
	public final class Announcement implements AutoCloseable {

		private boolean open = true;

		private Announcement() {
		}

		@Override
		public void close() {
			if (open) {
				open = false;
				announced.decrementAndGet();
			}
		}

	}

}
