package io.tokenmint.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.RawHttp;
import io.tokenmint.support.Replica;
import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The attacks of issue 12, each as the exact request that broke the promise, run against the real service on
 * one database (the subclasses say which). Every test checks the answer and the audit row behind it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileCallers {

	static final String ADMIN_KEY = "hostile-callers-admin-key-0123456789";

	static final String EMOJI = "\uD83D\uDE00";

	private Replica service;

	private JdbcClient jdbc;

	/** The datasource settings of the database under test. */
	abstract Map<String, Object> database(Path dir);

	@BeforeAll
	void start() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-hostile-callers");
		Map<String, Object> properties = Replica.settings(dir, ADMIN_KEY);
		properties.putAll(database(dir));
		service = Replica.start(properties);
		jdbc = service.context().getBean(JdbcClient.class);
	}

	@AfterAll
	void stop() {
		service.close();
	}

	private TestApi api() {
		return service.api();
	}

	private Map<String, Object> client(String name) {
		var created = api().post("/admin/clients", Map.of("name", name, "max_permissions", "all", "documents", List.of("*"),
				"may_set_password", true), TestApi.apiKey(ADMIN_KEY));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	private long records(Object clientId) {
		return jdbc.sql("SELECT count(*) FROM audit_event WHERE caller_id = ?").param(clientId).query(Long.class).single();
	}

	@Test
	void anEmojiProfileIsRefusedAndItsRefusalRecorded() {
		var client = client("emoji-profile");
		var answer = api().post("/tokens", Map.of("document_id", "d", "profile", EMOJI.repeat(40)),
				TestApi.apiKey((String) client.get("api_key")));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
		assertThat(answer.code()).isEqualTo("UNKNOWN_PROFILE");
		assertThat(answer.body()).doesNotContain("moengage").doesNotContain("instant");
		var row = jdbc.sql("SELECT outcome, refusal_code, profile FROM audit_event WHERE caller_id = ?").param(client.get("id"))
			.query().singleRow();
		assertThat(row).containsEntry("outcome", "REFUSED").containsEntry("refusal_code", "UNKNOWN_PROFILE")
			.containsEntry("profile", EMOJI.repeat(40));
	}

	@Test
	void anEmojiDocumentIdAtTheLimitGetsItsTokenAndAWholeRecord() {
		var client = client("emoji-document");
		for (int length : new int[] { 200, 256 }) {
			String document = EMOJI.repeat(length);
			var answer = api().post("/tokens", Map.of("document_id", document), TestApi.apiKey((String) client.get("api_key")));
			assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
			var token = IndependentVerifier.verifyWithJwks((String) answer.json().get("token"), api().get("/.well-known/jwks.json").body());
			assertThat(token.getPayload().toJSONObject()).containsEntry("document_id", document);
			assertThat(jdbc.sql("SELECT document_id FROM audit_event WHERE jti = ?").param(answer.json().get("jti")).query(String.class)
				.single()).isEqualTo(document);
		}
		var tooLong = api().post("/tokens", Map.of("document_id", EMOJI.repeat(257)), TestApi.apiKey((String) client.get("api_key")));
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.code()).isEqualTo("FIELD_TOO_LONG");
		assertThat(records(client.get("id"))).isEqualTo(3);
	}

	@Test
	void utf8UserAgentsAreServedAndRecordedLegibly() {
		var client = client("user-agents");
		String key = (String) client.get("api_key");
		String bjorn = "MyApp/1.0 (Bj\u00F6rn\u2019s iPhone)";
		var answer = RawHttp.send(service.port(), "POST", "/tokens", List.of(RawHttp.header("X-Api-Key", key),
				RawHttp.header("User-Agent", bjorn)), "{\"document_id\":\"ua-1\"}");
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		var long_ = RawHttp.send(service.port(), "POST", "/tokens", List.of(RawHttp.header("X-Api-Key", key),
				RawHttp.header("User-Agent", EMOJI.repeat(300))), "{\"document_id\":\"ua-2\"}");
		assertThat(long_.status()).as(long_.toString()).isEqualTo(200);
		var rows = jdbc.sql("SELECT user_agent, truncated FROM audit_event WHERE caller_id = ? ORDER BY id").param(client.get("id"))
			.query().listOfRows();
		assertThat(rows.get(0)).containsEntry("user_agent", bjorn);
		String stored = (String) rows.get(1).get("user_agent");
		assertThat(stored.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
		assertThat(stored).startsWith(EMOJI.repeat(100)).endsWith("\u2026");
		assertThat(rows.get(1)).containsEntry("truncated", true);
	}

	@Test
	void aPlantedRefusalLeavesTheAuditReadableAndSmall() {
		var client = client("planted");
		StringBuilder body = new StringBuilder("{\"document_id\":\"d\",\"user_id\":\"u\",\"collaboration_permissions\":[");
		for (int i = 0; i < 30_000; i++) {
			body.append(i == 0 ? "" : ",").append(i % 1000 == 999 ? "{}" : "1");
		}
		var answer = api().post("/tokens", body.append("]}").toString(), TestApi.apiKey((String) client.get("api_key")));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
		assertThat(answer.body().length()).isLessThan(8_000);
		var row = jdbc.sql("SELECT * FROM audit_event WHERE caller_id = ?").param(client.get("id")).query().singleRow();
		int callerBytes = 0;
		for (String column : List.of("profile", "document_id", "layer", "user_id", "permissions", "collaboration_permissions", "user_agent")) {
			callerBytes += row.get(column) == null ? 0 : ((String) row.get(column)).getBytes(StandardCharsets.UTF_8).length;
		}
		assertThat(callerBytes).isLessThanOrEqualTo(4096);
		assertThat(row).containsEntry("truncated", true);
		assertAuditReadable(client.get("id"), 1);
	}

	@Test
	void aRecordCutMidJsonBeforeThisReleaseStaysReadable() {
		var client = client("legacy");
		jdbc.sql("INSERT INTO audit_event (occurred_at, caller_kind, caller_id, profile, collaboration_permissions, outcome, refusal_code) "
				+ "VALUES (CURRENT_TIMESTAMP, 'client', ?, 'instant', ?, 'REFUSED', 'WRONG_TYPE')")
			.params(client.get("id"), "[\"1\",\"1\",\"{a=[tr").update();
		var page = api().get("/admin/audit?subject=" + client.get("id"), TestApi.apiKey(ADMIN_KEY));
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		assertAuditReadable(client.get("id"), 1);
	}

	private void assertAuditReadable(Object clientId, int expected) {
		var page = api().get("/admin/audit?kind=token&subject=" + clientId, TestApi.apiKey(ADMIN_KEY));
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		assertThat((List<?>) page.json().get("items")).hasSize(expected);
		var export = api().get("/admin/audit/export?kind=token&subject=" + clientId, TestApi.apiKey(ADMIN_KEY));
		assertThat(export.status()).isEqualTo(200);
		List<String> lines = export.body().lines().toList();
		assertThat(lines).hasSize(expected);
		lines.forEach(line -> assertThat(TestApi.JSON.readTree(line).isObject()).isTrue());
		var everything = api().get("/admin/audit?limit=1000", TestApi.apiKey(ADMIN_KEY));
		assertThat(everything.status()).isEqualTo(200);
	}

	@Test
	void anErrorAnswerStaysSmallWhateverTheBodyHolds() {
		var client = client("big-errors");
		String body = "{\"document_id\":\"d\",\"permissions\":[" + "1,".repeat(30_000) + "1]}";
		var answer = api().post("/tokens", body, TestApi.apiKey((String) client.get("api_key")));
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.body().length()).isLessThan(8_000);
		assertThat((List<?>) answer.json().get("errors")).hasSize(20);
		assertThat(((Number) answer.json().get("errors_omitted")).intValue()).isGreaterThan(29_000);
		String field = "x".repeat(60_000);
		var longName = api().post("/tokens", "{\"document_id\":\"d\",\"" + field + "\":1}", TestApi.apiKey((String) client.get("api_key")));
		assertThat(longName.status()).isEqualTo(400);
		assertThat(longName.body().length()).isLessThan(2_000);
	}

	/**
	 * A row the database refuses, however that comes about (here a constraint the test adds), fails only its
	 * own request: the writer commits the rest of its batch one by one.
	 */
	@Test
	void aRowTheDatabaseRefusesFailsOnlyItsOwnRequest() throws Exception {
		jdbc.sql("ALTER TABLE audit_event ADD CONSTRAINT test_poison_pill CHECK (document_id IS NULL OR document_id <> 'poison-pill')")
			.update();
		try {
			List<Map<String, Object>> honest = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				honest.add(client("batch-honest-" + i));
			}
			var poisoner = client("batch-poisoner");
			List<String> failures = Collections.synchronizedList(new ArrayList<>());
			AtomicInteger poisonAnswers = new AtomicInteger();
			ExecutorService pool = Executors.newFixedThreadPool(8);
			try {
				List<Future<?>> running = new ArrayList<>();
				for (var client : honest) {
					running.add(pool.submit(() -> {
						for (int i = 0; i < 25; i++) {
							var answer = api().post("/tokens", Map.of("document_id", "batch-" + i), TestApi.apiKey((String) client.get("api_key")));
							if (answer.status() != 200) {
								failures.add(answer.toString());
							}
						}
					}));
				}
				for (int t = 0; t < 2; t++) {
					running.add(pool.submit(() -> {
						for (int i = 0; i < 25; i++) {
							var answer = api().post("/tokens", Map.of("document_id", "poison-pill"), TestApi.apiKey((String) poisoner.get("api_key")));
							if (answer.status() != 503 || !"SERVICE_UNAVAILABLE".equals(answer.code()) || answer.body().contains("\"token\"")) {
								failures.add("poison: " + answer);
							}
							poisonAnswers.incrementAndGet();
						}
					}));
				}
				for (Future<?> future : running) {
					future.get(180, TimeUnit.SECONDS);
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(failures).isEmpty();
			assertThat(poisonAnswers.get()).isEqualTo(50);
			for (var client : honest) {
				assertThat(records(client.get("id"))).isEqualTo(25);
			}
			assertThat(records(poisoner.get("id"))).isZero();
		}
		finally {
			jdbc.sql("ALTER TABLE audit_event DROP CONSTRAINT test_poison_pill").update();
		}
	}

	/** An attacker is never polite: poisoned requests run among honest ones, and nobody honest pays for them. */
	@Test
	void poisonedRequestsAmongHonestOnesCostTheHonestNothing() throws Exception {
		int honestThreads = 6;
		int attackThreads = 3;
		int perThread = 30;
		List<Map<String, Object>> honest = new ArrayList<>();
		for (int i = 0; i < honestThreads; i++) {
			honest.add(client("honest-" + i));
		}
		List<Map<String, Object>> attackers = new ArrayList<>();
		for (int i = 0; i < attackThreads; i++) {
			attackers.add(client("attacker-" + i));
		}
		List<String> poisons = List.of("{\"document_id\":\"d\",\"profile\":\"" + EMOJI.repeat(40) + "\"}",
				"{\"document_id\":\"" + EMOJI.repeat(256) + "\"}",
				"{\"document_id\":\"d\",\"user_id\":\"u\",\"collaboration_permissions\":[" + "1,".repeat(5000) + "1]}",
				"{\"document_id\":\"" + "\\ud800".repeat(300) + "\",\"layer\":\"\\u0000\\u202e" + "\uD834\uDD1E".repeat(700) + "\"}",
				"{\"document_id\":\"d\",\"" + "\u0645".repeat(3000) + "\":1}");
		List<String> failures = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger honestTokens = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(honestThreads + attackThreads);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (var client : honest) {
				running.add(pool.submit(() -> {
					for (int i = 0; i < perThread; i++) {
						var answer = RawHttp.send(service.port(), "POST", "/tokens", List.of(RawHttp.header("X-Api-Key", (String) client.get("api_key")),
								RawHttp.header("User-Agent", "HonestApp/2.0 (Bj\u00F6rn\u2019s iPhone)")), "{\"document_id\":\"honest-" + i + "\"}");
						if (answer.status() == 200) {
							honestTokens.incrementAndGet();
						}
						else {
							failures.add(answer.toString());
						}
					}
				}));
			}
			for (var attacker : attackers) {
				running.add(pool.submit(() -> {
					for (int i = 0; i < perThread; i++) {
						var answer = RawHttp.send(service.port(), "POST", i % 2 == 0 ? "/tokens" : "/%74okens",
								List.of(RawHttp.header("X-Api-Key", (String) attacker.get("api_key")), RawHttp.header("User-Agent", EMOJI.repeat(400))),
								poisons.get(i % poisons.size()));
						if (answer.status() >= 500) {
							failures.add("attacker got " + answer);
						}
					}
				}));
			}
			for (Future<?> future : running) {
				future.get(180, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(failures).isEmpty();
		assertThat(honestTokens.get()).isEqualTo(honestThreads * perThread);
		for (var client : honest) {
			assertThat(records(client.get("id"))).isEqualTo(perThread);
		}
		for (var attacker : attackers) {
			assertThat(records(attacker.get("id"))).as("every poisoned request has its record").isEqualTo(perThread);
		}
	}

}
