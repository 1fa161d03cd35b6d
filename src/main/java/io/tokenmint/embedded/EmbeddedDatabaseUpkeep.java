package io.tokenmint.embedded;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Does for the embedded H2 file what H2's background writer would, had it one: with {@code WRITE_DELAY=0}
 * (every commit written to the file before its answer, which the audit needs) H2 starts no background writer,
 * so chunks that hold a few live pages among many dead ones are never rewritten, and the file grows by every
 * commit. Every {@code compact-every} a pass rewrites the live pages of sparse chunks ({@code rewrite-limit} at a
 * time, until the file is full enough or half the interval is spent), which frees those chunks, flushes the file
 * to the disk (fsync), and moves chunks down into the gaps so that the file shrinks. It uses H2's own compaction
 * steps, under H2's store locks, beside the commits: a commit waits at most for one bounded step.
 * <p>
 * H2 reuses a freed chunk's space only after a retention time (45 s by default), because it never flushes to
 * the disk itself and the chunk that replaced it might not be there yet after a power loss. Each pass flushes,
 * so a chunk freed for longer than two passes has its replacement on the disk: the retention is set to that, and
 * the garbage of the last 45 s (at full load most of the file) is reused 15 times sooner.
 */
@Component
class EmbeddedDatabaseUpkeep implements SmartInitializingSingleton, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseUpkeep.class);

	private final DataSource dataSource;

	private final EmbeddedDatabaseProperties properties;

	private final MeterRegistry meters;

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	/**
	 * Held by a pass and by an online backup: H2's backup copies the file while it stops reusing space, but moving
	 * chunks into gaps would still write into the part already copied.
	 */
	private final ReentrantLock upkeep = new ReentrantLock();

	/** The open store, found once: the embedded database lives as long as the service. */
	private volatile @Nullable MVStore store;

	EmbeddedDatabaseUpkeep(DataSource dataSource, EmbeddedDatabaseProperties properties, MeterRegistry meters) {
		this.dataSource = dataSource;
		this.properties = properties;
		this.meters = meters;
	}

	@Override
	public void afterSingletonsInstantiated() {
		MVStore found = fileStore();
		if (found == null) {
			return;
		}
		this.store = found;
		Gauge.builder("tokenmint.database.file.size", found, s -> s.getFileStore().size())
			.description("Size of the embedded database file")
			.baseUnit("bytes")
			.register(meters);
		Gauge.builder("tokenmint.database.file.fill", found, s -> s.getFileStore().getFillRate() / 100.0)
			.description("Share of the embedded database file that holds live data")
			.register(meters);
		if (!properties.enabled()) {
			log.info("Embedded database: compaction while serving is off (tokenmint.embedded-database.compact-every=0)");
			return;
		}
		found.setRetentionTime((int) properties.compactEvery().multipliedBy(2).plusSeconds(1).toMillis());
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix("embedded-db-compaction-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		scheduler.scheduleWithFixedDelay(this::compactQuietly, properties.compactEvery());
	}

	@Override
	public void destroy() {
		scheduler.shutdown();
	}

	/**
	 * One pass: rewrite the sparsest chunks' live pages, step by step, while the file is below its target fill and
	 * for at most half of {@code compact-every}; then move chunks into the freed gaps. One step of
	 * {@code rewrite-limit} bounds how long a commit waits (1 MB: p99 14.6 ms at full load, 4 MB: 38.7 ms); taking
	 * several steps when a second's commits left more than one step's worth of sparse chunks lets a small step keep
	 * pace with full load instead of falling behind by design.
	 */
	void compact() {
		MVStore open = store;
		if (open == null || open.isClosed()) {
			return;
		}
		FileStore<?> file = open.getFileStore();
		// Real time on purpose: a share of the machine's time, not a date the application reasons about.
		long budgetEnds = System.nanoTime() + properties.compactEvery().toNanos() / 2;
		int steps = 0;
		while (open.compact(properties.targetFill(), (int) properties.rewriteLimit().toBytes())) {
			// The rewritten pages are in memory until stored; with WRITE_DELAY=0 nothing else stores them while idle.
			open.commit();
			steps++;
			if (System.nanoTime() - budgetEnds > 0) {
				break;
			}
		}
		if (log.isDebugEnabled()) {
			log.debug("Embedded database pass: {} rewrite steps; chunks {}% live, file {}% used, {} KB", steps, file.getChunksFillRate(),
					file.getFillRate(), file.size() / 1024);
		}
		// Everything written so far reaches the disk: the chunks it replaced may now be overwritten safely.
		open.sync();
		if (file instanceof RandomAccessStore randomAccess) {
			randomAccess.compactMoveChunks(properties.targetFill(), 2 * properties.rewriteLimit().toBytes(), open);
		}
	}

	/** Runs {@code work} (an online backup) with no pass running beside it; a pass due meanwhile is skipped. */
	<T> T withoutCompaction(Supplier<T> work) {
		upkeep.lock();
		try {
			return work.get();
		}
		finally {
			upkeep.unlock();
		}
	}

	/** Whether the service runs on the embedded file database (and so can be backed up by {@link EmbeddedDatabaseBackup}). */
	boolean embedded() {
		return store != null;
	}

	private void compactQuietly() {
		if (!upkeep.tryLock()) {
			return;
		}
		try {
			compact();
		}
		catch (RuntimeException ex) {
			// The next pass tries again; nothing is lost by a pass that did not run.
			log.warn("Embedded database compaction failed ({}: {})", ex.getClass().getSimpleName(), ex.getMessage());
		}
		finally {
			upkeep.unlock();
		}
	}

	/** The MVStore behind the data source when it is an H2 file database, else {@code null}. */
	private @Nullable MVStore fileStore() {
		try (Connection connection = dataSource.getConnection()) {
			if (!connection.isWrapperFor(JdbcConnection.class)) {
				return null;
			}
			var session = connection.unwrap(JdbcConnection.class).getSession();
			if (!(session instanceof SessionLocal local) || !local.getDatabase().isPersistent()) {
				return null;
			}
			return local.getDatabase().getStore().getMvStore();
		}
		catch (SQLException ex) {
			log.warn("Embedded database: could not reach its store ({}); it is not compacted while serving", ex.getMessage());
			return null;
		}
	}

}
