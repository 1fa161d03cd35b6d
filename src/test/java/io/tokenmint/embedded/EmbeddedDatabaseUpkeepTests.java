package io.tokenmint.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tokenmint.support.ConcurrentIssuance;
import io.tokenmint.support.Replica;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestClock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded H2 file under load and after a purge, with the compaction passes driven by the test. Without
 * them the file holds several times its records (every commit leaves a chunk that is never reclaimed); with
 * them it holds what its records need, and the room the purge frees is used again.
 */
class EmbeddedDatabaseUpkeepTests {

	private static final String ADMIN_KEY = "embedded-admin-key-0123456789abcdef";

	private static final int TOKENS = 3000;

	private static final TestClock clock = TestClock.startingNow();

	private static Path file;

	private static Replica service;

	private static String client;

	@BeforeAll
	static void start() throws IOException {
		Path dir = Files.createTempDirectory("tokenmint-embedded");
		file = dir.resolve("data/tokenmint.mv.db");
		Map<String, Object> properties = Replica.settings(dir, ADMIN_KEY);
		// The default's URL, plus RETENTION_TIME=0: H2 keeps a freed chunk 45 s before reusing it (in case the disk
		// reorders writes on a power loss), which the test would otherwise wait out after each pass.
		properties.put("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("data/tokenmint")
				+ ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;CACHE_SIZE=4096;RETENTION_TIME=0");
		properties.put("tokenmint.embedded-database.compact-every", "0");
		properties.put("tokenmint.rate-limit.enabled", "false");
		properties.put("tokenmint.audit.purge-delay", "200ms");
		properties.put("tokenmint.audit.purge-interval", "200ms");
		service = Replica.start(properties, Map.of("testClock", clock));
		client = (String) service.api().post("/admin/clients", Map.of("name", "embedded", "max_permissions", "all", "documents",
				List.of("*")), TestApi.apiKey(ADMIN_KEY)).json().get("api_key");
	}

	@AfterAll
	static void stop() {
		if (service != null) {
			service.close();
		}
	}

	@Test
	void holdsWhatItsRecordsNeedAndReusesWhatThePurgeFrees() throws Exception {
		long empty = compacted();
		issue(TOKENS);
		long grown = size();
		long records = recordsBytes();
		long first = compacted();
		System.out.printf("embedded database: empty %d KB; %d records of %d KB: %d KB as written, %d KB compacted%n", empty / 1024,
				TOKENS, records / 1024, grown / 1024, first / 1024);
		assertThat(grown - empty).as("written without compaction").isGreaterThan(3 * records);
		assertThat(first - empty).as("compacted").isLessThanOrEqualTo(records * 5 / 2);

		// Ninety-one days on, the retention purge removes them all; as many again take the room they left.
		clock.advance(Duration.ofDays(91));
		await("the purge removed every record").atMost(Duration.ofSeconds(60)).until(() -> recordsBytes() < records / 100);
		issue(TOKENS);
		long second = compacted();
		System.out.printf("embedded database: after a purge and %d more records, %d KB compacted%n", TOKENS, second / 1024);
		assertThat(second).as("after a purge and as many records again").isLessThanOrEqualTo(first + first / 5);
	}

	private static void issue(int count) throws Exception {
		ConcurrentIssuance.inThreads(4, count / 4, Duration.ofMinutes(5), (thread, i) -> {
			var answer = service.api().post("/tokens", Map.of("document_id", "doc-" + i), TestApi.apiKey(client));
			assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		});
	}

	/**
	 * Passes until ten in a row change nothing (a chunk is freed only some versions after its pages moved): what
	 * the schedule reaches in as many seconds, at any machine's speed.
	 */
	private static long compacted() throws IOException {
		EmbeddedDatabaseUpkeep upkeep = service.context().getBean(EmbeddedDatabaseUpkeep.class);
		int unchanged = 0;
		for (int pass = 0; pass < 500 && unchanged < 10; pass++) {
			long before = size();
			upkeep.compact();
			unchanged = size() == before ? unchanged + 1 : 0;
		}
		return size();
	}

	private static long size() throws IOException {
		return Files.size(file);
	}

	/** The records' own size: the audit as the export writes it. */
	private static long recordsBytes() {
		return service.api().get("/admin/audit/export", TestApi.apiKey(ADMIN_KEY)).body().getBytes(StandardCharsets.UTF_8).length;
	}

}
