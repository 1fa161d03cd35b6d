package io.tokenmint.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.tokenmint.support.ConcurrentIssuance;
import io.tokenmint.support.Replica;
import io.tokenmint.support.Rsyslog;
import io.tokenmint.support.TestApi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit streamed to a real syslog daemon (Debian's rsyslog) over TCP, RFC 5424: every record of a run, issued,
 * refused and admin, arrives once, parses, equals the export's record and holds no secret. Required and the daemon
 * gone: token requests are refused, none answered without its record, and it comes back with the daemon. Optional and
 * the daemon gone: every request is answered, and what the full buffer could not take is counted.
 */
class AuditStreamTests {

	private static final String ADMIN_KEY = "stream-admin-key-0123456789abcdef";

	private static final String[] ADMIN = TestApi.apiKey(ADMIN_KEY);

	@BeforeAll
	static void rsyslog() {
		Rsyslog.assumeInstalled();
	}

	private static Replica start(Rsyslog rsyslog, boolean required, Map<String, Object> more) throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-stream");
		Map<String, Object> properties = Replica.settings(dir, ADMIN_KEY);
		properties.put("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("data/tokenmint") + ";WRITE_DELAY=0");
		properties.put("tokenmint.audit.stream.sinks[0].type", "syslog");
		properties.put("tokenmint.audit.stream.sinks[0].host", "127.0.0.1");
		properties.put("tokenmint.audit.stream.sinks[0].port", rsyslog.port());
		properties.put("tokenmint.audit.stream.sinks[0].required", required);
		properties.putAll(more);
		return Replica.start(properties);
	}

	private static Map<String, Object> client(TestApi api) {
		return api.post("/admin/clients", Map.of("name", "streamed", "max_permissions", "all", "documents", List.of("s-*")), ADMIN).json();
	}

	/** The JSON of each message rsyslog received, after checking it came as RFC 5424 from tokenmint with MSGID audit. */
	private static List<JsonNode> received(Rsyslog rsyslog) throws Exception {
		List<JsonNode> records = new ArrayList<>();
		for (String line : rsyslog.received()) {
			assertThat(line).startsWith("tokenmint audit ");
			records.add(TestApi.JSON.readTree(line.substring("tokenmint audit ".length()).strip()));
		}
		return records;
	}

	@Test
	void everyRecordArrivesOnceAndARequiredSinkThatIsDownRefusesTokens() throws Exception {
		try (Rsyslog rsyslog = Rsyslog.start(); Replica service = start(rsyslog, true, Map.of())) {
			TestApi api = service.api();
			var client = client(api);
			String key = (String) client.get("api_key");
			List<String> issued = Collections.synchronizedList(new ArrayList<>());
			AtomicInteger refused = new AtomicInteger();
			ConcurrentIssuance.inThreads(4, 25, Duration.ofSeconds(120), (thread, i) -> {
				boolean refuse = i % 5 == 4;
				// Some ask for a password they may not set: refused, and the password is never recorded or streamed.
				var answer = api.post("/tokens", i % 5 == 3 ? Map.of("document_id", "s-" + thread + "-" + i, "password", "do-not-stream-me")
						: Map.of("document_id", refuse ? "elsewhere" : "s-" + thread + "-" + i), TestApi.apiKey(key));
				if (refuse) {
					assertThat(answer.status()).isEqualTo(403);
					refused.incrementAndGet();
				}
				else {
					assertThat(answer.status()).as(answer.toString()).isIn(200, 403);
				}
				if (answer.status() == 200) {
					issued.add((String) answer.json().get("jti"));
				}
			});
			List<JsonNode> exported = api.get("/admin/audit/export", ADMIN).body().lines().map(TestApi.JSON::readTree).toList();
			Awaitility.await("every exported record received").atMost(Duration.ofSeconds(30)).until(() -> received(rsyslog).size() >= exported.size());
			List<JsonNode> received = received(rsyslog);
			assertThat(received).as("each record once, none extra").hasSameSizeAs(exported);
			assertThat(withoutIds(received)).containsExactlyInAnyOrderElementsOf(withoutIds(exported));
			assertThat(received.stream().map(record -> record.path("kind").asString())).contains("token", "admin");
			assertThat(received.stream().filter(record -> "REFUSED".equals(record.path("outcome").asString()))).hasSizeGreaterThanOrEqualTo(refused.get());
			assertThat(received.stream().filter(record -> "client.created".equals(record.path("action").asString()))).hasSize(1);
			String all = String.join("\n", rsyslog.received());
			assertThat(all).doesNotContain(key).doesNotContain(ADMIN_KEY).doesNotContain("do-not-stream-me");

			// The daemon gone: nothing is answered that it has not got.
			rsyslog.stop();
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				var answer = api.post("/tokens", Map.of("document_id", "s-down-" + i), TestApi.apiKey(key));
				statuses.add(answer.status());
				if (answer.status() == 200) {
					issued.add((String) answer.json().get("jti"));
				}
			}
			assertThat(statuses).as("requests while the required sink is down").containsOnly(503);
			var health = api.get("/actuator/health/auditSinks", ADMIN);
			assertThat(health.status()).isEqualTo(503);
			assertThat(health.body()).contains("failing");

			rsyslog.startAgain();
			Awaitility.await("issuing again once the daemon is back").atMost(Duration.ofSeconds(60))
				.until(() -> {
					var answer = api.post("/tokens", Map.of("document_id", "s-back"), TestApi.apiKey(key));
					if (answer.status() == 200) {
						issued.add((String) answer.json().get("jti"));
					}
					return answer.status() == 200;
				});
			assertThat(api.get("/actuator/health/auditSinks", ADMIN).status()).isEqualTo(200);
			// rsyslog had each record before its token was answered; it writes them to its file a moment later.
			Awaitility.await("every answered token in rsyslog's file").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
					received(rsyslog).stream().map(record -> record.path("jti").asString(null)).toList()).containsAll(issued));
			List<String> jtis = received(rsyslog).stream().map(record -> record.path("jti").asString(null)).toList();
			assertThat(jtis).as("every answered token was received first").containsAll(issued);
			assertThat(jtis.stream().filter(jti -> jti != null).collect(Collectors.groupingBy(jti -> jti, Collectors.counting())).values())
				.as("each once").containsOnly(1L);
		}
	}

	@Test
	void anOptionalSinkThatIsDownNeverHoldsARequestAndCountsWhatItDrops() throws Exception {
		try (Rsyslog rsyslog = Rsyslog.start(); Replica service = start(rsyslog, false, Map.of("tokenmint.audit.stream.buffer", "50"))) {
			TestApi api = service.api();
			String key = (String) client(api).get("api_key");
			rsyslog.stop();
			long started = System.nanoTime();
			ConcurrentIssuance.inThreads(4, 100, Duration.ofSeconds(120), (thread, i) -> {
				var answer = api.post("/tokens", Map.of("document_id", "s-" + thread + "-" + i), TestApi.apiKey(key));
				assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
			});
			double seconds = (System.nanoTime() - started) / 1e9;
			String metrics = api.get("/actuator/prometheus", ADMIN).body();
			double dropped = metric(metrics, "tokenmint_audit_stream_dropped_total");
			assertThat(dropped).as("records the full buffer dropped").isGreaterThan(0);
			assertThat(metric(metrics, "tokenmint_audit_stream_buffered")).isLessThanOrEqualTo(50);
			var health = api.get("/actuator/health/auditSinks", ADMIN);
			assertThat(health.status()).as("an optional sink never takes the health down").isEqualTo(200);
			assertThat(health.body()).contains("failing");
			System.out.printf("optional sink down: 400 tokens in %.1f s (%.0f/s), %.0f records dropped%n", seconds, 400 / seconds, dropped);

			rsyslog.startAgain();
			Awaitility.await("the buffer delivered once the daemon is back").atMost(Duration.ofSeconds(60))
				.until(() -> metric(api.get("/actuator/prometheus", ADMIN).body(), "tokenmint_audit_stream_buffered") == 0
						&& !rsyslog.received().isEmpty());
		}
	}

	private static List<JsonNode> withoutIds(List<JsonNode> records) {
		return records.stream().map(record -> {
			ObjectNode copy = ((ObjectNode) record).deepCopy();
			copy.remove("id");
			return (JsonNode) copy;
		}).toList();
	}

	private static double metric(String scrape, String name) {
		Map<String, Double> values = new HashMap<>();
		scrape.lines().filter(line -> line.startsWith(name)).forEach(line -> values.merge(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
				Double::sum));
		return values.getOrDefault(name, 0.0);
	}

}
