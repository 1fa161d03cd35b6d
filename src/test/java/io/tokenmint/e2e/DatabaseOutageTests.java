package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import io.tokenmint.support.Replica;
import io.tokenmint.support.TestApi;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped and started again under load: meanwhile every answer is a 503 problem (never a token
 * without its audit record), readiness goes down, and both recover by themselves.
 */
class DatabaseOutageTests {

	private static final String ADMIN_KEY = "outage-admin-key-0123456789abcdef";

	private static EmbeddedPostgres startPostgres(Path data, int port) throws Exception {
		return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
			.setRegisterShutdownHook(true).start();
	}

	/** Real time: a database stops and starts. Generous, and the failure names what was awaited. */
	private static void await(String what, Callable<Boolean> condition) {
		Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(condition);
	}

	@Test
	void answers503WhileTheDatabaseIsDownAndRecoversWithoutARestart() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-outage");
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		EmbeddedPostgres postgres = startPostgres(dir.resolve("pg"), port);
		String url = postgres.getJdbcUrl("postgres", "postgres");
		Map<String, Object> properties = new HashMap<>();
		properties.putAll(io.tokenmint.support.EmbeddedPostgres.settings(url));
		properties.put("tokenmint.admin.api-key", ADMIN_KEY);
		properties.put("tokenmint.data-dir", dir.resolve("data").toString());
		properties.put("tokenmint.signing.keystore", dir.resolve("keys/dev.p12").toString());
		properties.put("tokenmint.audit.write-timeout", "2s");
		try (Replica replica = Replica.start(properties)) {
			TestApi api = replica.api();
			String key = (String) api.post("/admin/clients", Map.of("name", "outage", "max_permissions", "all", "documents", List.of("*")),
					TestApi.apiKey(ADMIN_KEY)).json().get("api_key");

			AtomicBoolean stop = new AtomicBoolean();
			Set<String> issued = ConcurrentHashMap.newKeySet();
			List<String> unexpected = new CopyOnWriteArrayList<>();
			Set<Integer> statuses = ConcurrentHashMap.newKeySet();
			AtomicInteger refusals = new AtomicInteger();
			ExecutorService load = Executors.newFixedThreadPool(4);
			for (int t = 0; t < 4; t++) {
				load.submit(() -> {
					while (!stop.get()) {
						var response = api.post("/tokens", Map.of("document_id", "outage"), TestApi.apiKey(key));
						statuses.add(response.status());
						if (response.status() == 503) {
							refusals.incrementAndGet();
						}
						if (response.status() == 200) {
							issued.add((String) response.json().get("jti"));
						}
						else if (response.status() != 503 || !response.header("Content-Type").startsWith("application/problem+json")
								|| response.body().contains("\"token\"")) {
							unexpected.add(response.toString());
						}
					}
				});
			}
			await("tokens are issued before the outage", () -> issued.size() >= 20);
			postgres.close();
			await("readiness goes down", () -> api.get("/actuator/health/readiness").status() == 503);
			var refused = api.post("/tokens", Map.of("document_id", "outage"), TestApi.apiKey(key));
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.code()).isIn("SERVICE_UNAVAILABLE");
			assertThat(refused.header("Retry-After")).isNotNull();
			int refusedSoFar = refusals.get();
			await("the load meets the outage for a while", () -> refusals.get() >= refusedSoFar + 50);

			postgres = startPostgres(dir.resolve("pg"), port);
			await("readiness comes back", () -> api.get("/actuator/health/readiness").status() == 200);
			await("tokens are issued again", () -> api.post("/tokens", Map.of("document_id", "outage"), TestApi.apiKey(key)).status() == 200);
			int issuedSoFar = issued.size();
			await("the load is served again", () -> issued.size() >= issuedSoFar + 20);
			stop.set(true);
			load.shutdown();
			assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

			assertThat(unexpected).isEmpty();
			assertThat(statuses).contains(200, 503);
			Set<String> audited = new HashSet<>();
			try (var connection = DriverManager.getConnection(url, "postgres", "");
					var rows = connection.createStatement().executeQuery("SELECT jti FROM audit_event WHERE outcome = 'ISSUED'")) {
				while (rows.next()) {
					audited.add(rows.getString(1));
				}
			}
			assertThat(audited).as("every token that left has its audit record").containsAll(issued);
		}
		finally {
			postgres.close();
		}
	}

}
