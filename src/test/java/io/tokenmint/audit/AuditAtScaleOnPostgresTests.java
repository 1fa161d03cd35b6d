package io.tokenmint.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.tokenmint.cluster.ClusterEvents;
import io.tokenmint.support.EmbeddedPostgres;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What keeps the audit cheap as it grows, on PostgreSQL: the lookup indexes (built concurrently, valid), subject
 * pages answered from one index walk per column, and the purge in batches by one replica at a time.
 * (bench/growth.sh measures the same at ten million records.)
 */
@SpringBootTest
class AuditAtScaleOnPostgresTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	ClusterEvents cluster;

	@Autowired
	AuditQuery query;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-pg-audit");
		String url = EmbeddedPostgres.newDatabase("tokenmint_audit_scale");
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
		registry.add("tokenmint.data-dir", () -> dir.resolve("data").toString());
		registry.add("tokenmint.signing.keystore", () -> dir.resolve("keys/dev.p12").toString());
		registry.add("tokenmint.admin.api-key", () -> "audit-scale-admin-key-0123456789abcdef");
	}

	@BeforeEach
	void empty() {
		jdbc.sql("DELETE FROM audit_event").update();
	}

	private long insert(String callerId, String userId, String target, String documentId, Duration age) {
		return jdbc.sql("""
				INSERT INTO audit_event (occurred_at, caller_kind, caller_id, user_id, target, document_id, profile, outcome)
				VALUES (?, 'client', ?, ?, ?, ?, 'instant', 'ISSUED') RETURNING id""")
			.params(Timestamp.from(Instant.now().minus(age)), callerId, userId, target, documentId)
			.query(Long.class)
			.single();
	}

	private AuditRetention retention(int batch) {
		return new AuditRetention(jdbc, transactions, cluster,
				new AuditProperties(Duration.ofDays(90), Duration.ofHours(1), Duration.ofHours(1), batch, Duration.ZERO, Duration.ofSeconds(5), 500,
						Duration.ZERO),
				mock(TaskScheduler.class), java.time.Clock.systemUTC());
	}

	@Test
	void theLookupIndexesExistAndAreValid() {
		List<String> valid = jdbc.sql("""
				SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
				WHERE i.indrelid = 'audit_event'::regclass AND i.indisvalid ORDER BY c.relname""").query(String.class).list();
		assertThat(valid).contains("audit_event_caller", "audit_event_user", "audit_event_target", "audit_event_document");
	}

	@Test
	void aSubjectsPagesHoldEachOfItsRecordsOnceNewestFirst() {
		List<Long> expected = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			expected.add(insert("alice", "someone", null, "doc", Duration.ZERO));
			insert("bob", "someone", null, "doc", Duration.ZERO);
			expected.add(insert("backend", "alice", null, "doc", Duration.ZERO));
			expected.add(insert("admin", null, "alice", null, Duration.ZERO));
			// In two of its columns at once: listed once.
			expected.add(insert("alice", "alice", null, "doc", Duration.ZERO));
		}
		List<Long> listed = new ArrayList<>();
		Long cursor = null;
		do {
			AuditQuery.Page page = query.page(new AuditQuery.Filter(null, "alice", null, null, null, null, cursor), 3);
			page.items().forEach(item -> listed.add(item.id()));
			cursor = page.nextCursor() == null ? null : Long.valueOf(page.nextCursor());
		}
		while (cursor != null);
		assertThat(listed).containsExactlyElementsOf(expected.stream().sorted((a, b) -> Long.compare(b, a)).toList());

		List<Long> exported = new ArrayList<>();
		query.each(new AuditQuery.Filter(null, "alice", null, null, null, null, null), item -> exported.add(item.id()));
		assertThat(exported).isEqualTo(listed);
	}

	@Test
	void purgesInBatchesUntilNothingExpiredIsLeft() {
		for (int i = 0; i < 25; i++) {
			insert("old", null, null, null, Duration.ofDays(91));
		}
		for (int i = 0; i < 5; i++) {
			insert("recent", null, null, null, Duration.ofDays(89));
		}
		assertThat(retention(10).purge()).isEqualTo(25);
		assertThat(jdbc.sql("SELECT caller_id FROM audit_event").query(String.class).list()).hasSize(5).containsOnly("recent");
	}

	@Test
	void oneReplicaPurgesAtATime() throws Exception {
		for (int i = 0; i < 12; i++) {
			insert("old", null, null, null, Duration.ofDays(91));
		}
		try (Connection other = dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (var lock = other.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
				lock.setLong(1, 0x746f6b656e707267L);
				lock.execute();
			}
			assertThat(retention(5).purge()).as("while another replica holds the purge lock").isZero();
			assertThat(jdbc.sql("SELECT count(*) FROM audit_event").query(Long.class).single()).isEqualTo(12);
			other.rollback();
		}
		assertThat(retention(5).purge()).isEqualTo(12);
	}

}
