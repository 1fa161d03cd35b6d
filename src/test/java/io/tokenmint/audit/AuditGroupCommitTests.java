package io.tokenmint.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * How the writer batches: a lone record is committed at once whatever the linger; a commit waits for records
 * announced as on their way, until they are handed over or their announcement ends, and never longer than
 * the linger.
 */
class AuditGroupCommitTests {

	private final List<Integer> batches = new CopyOnWriteArrayList<>();

	private AuditLog audit;

	@AfterEach
	void stop() throws InterruptedException {
		audit.destroy();
	}

	/** Half the 30 s linger: a wait shorter than this did not sit out the linger, however slow the machine. */
	private static final Duration NOT_THE_LINGER = Duration.ofSeconds(15);

	@Test
	void aLoneRecordIsCommittedAtOnceWhateverTheLinger() {
		audit = writer(Duration.ofSeconds(30));
		long started = System.nanoTime();
		audit.record(entry("alone"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(NOT_THE_LINGER);
		assertThat(batches).containsExactly(1);
	}

	@Test
	void aCommitWaitsForAnAnnouncedRecordAndTakesItInTheSameBatch() throws Exception {
		audit = writer(Duration.ofSeconds(30));
		var announcement = audit.announce();
		var first = CompletableFuture.runAsync(() -> audit.record(entry("first")));
		// The first record is held back while the announced one is on its way.
		await().during(Duration.ofMillis(300)).atMost(NOT_THE_LINGER).until(() -> !first.isDone());
		assertThat(batches).isEmpty();
		audit.record(entry("second"), announcement);
		first.get(5, TimeUnit.SECONDS);
		assertThat(batches).containsExactly(2);
	}

	@Test
	void anAnnouncementThatEndsWithoutARecordReleasesTheCommit() throws Exception {
		audit = writer(Duration.ofSeconds(30));
		var announcement = audit.announce();
		var first = CompletableFuture.runAsync(() -> audit.record(entry("first")));
		await().during(Duration.ofMillis(300)).atMost(NOT_THE_LINGER).until(() -> !first.isDone());
		announcement.close();
		announcement.close();
		// Nothing else arrives: the commit goes ahead at once, not after the 30 s linger.
		first.get(5, TimeUnit.SECONDS);
		assertThat(batches).containsExactly(1);
		// Closed twice, counted once: the next lone record does not wait for a phantom.
		long started = System.nanoTime();
		audit.record(entry("alone"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(NOT_THE_LINGER);
	}

	@Test
	void theLingerBoundsTheWaitForARecordThatNeverComes() {
		audit = writer(Duration.ofMillis(400));
		audit.announce();
		long started = System.nanoTime();
		audit.record(entry("first"));
		Duration waited = Duration.ofNanos(System.nanoTime() - started);
		assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(400)).isLessThan(NOT_THE_LINGER);
		assertThat(batches).containsExactly(1);
	}

	private AuditLog writer(Duration linger) {
		var properties = new AuditProperties(Duration.ofDays(90), Duration.ofHours(1), Duration.ofHours(1), 2000, Duration.ZERO,
				Duration.ofSeconds(10), 500, linger);
		return new AuditLog(new CountingJdbc(), new NoTransactions(), JsonMapper.builder().build(), properties,
				new SimpleMeterRegistry(), io.tokenmint.audit.stream.AuditStream.none());
	}

	private static AuditEntry entry(String jti) {
		return new AuditEntry(Instant.now(), "client", "c", "instant", "doc", null, "u", List.of("read-document"), null, jti, "k",
				Instant.now().plusSeconds(60), AuditEntry.Outcome.ISSUED, null, "127.0.0.1", null);
	}

	/** Counts the rows of each batch instead of writing them. */
	private final class CountingJdbc extends JdbcTemplate {

		@Override
		public int[] batchUpdate(String sql, List<? extends Object[]> batchArgs) {
			batches.add(batchArgs.size());
			return new int[batchArgs.size()];
		}

	}

	private static final class NoTransactions extends AbstractPlatformTransactionManager {

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

}
