package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tokenmint.support.EmbeddedPostgres;
import io.tokenmint.support.JarProcess;
import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.Test;

/**
 * Nothing is lost: the packaged service issues N tokens from several threads, is killed with SIGKILL right
 * after the last answer, starts again on the same data, and holds exactly N audit records, one per jti.
 */
class CrashIT {

	private static final String ADMIN_KEY = "crash-admin-key-0123456789abcdef";

	private static final int THREADS = 8;

	private static final int PER_THREAD = 25;

	@Test
	void losesNoAuditRecordOnH2() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-crash-h2");
		killAndCount(dir, Map.of());
	}

	@Test
	void losesNoAuditRecordOnPostgres() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-crash-pg");
		killAndCount(dir, Map.of("SPRING_DATASOURCE_URL", EmbeddedPostgres.newDatabase("tokenmint_crash"),
				"SPRING_DATASOURCE_USERNAME", "postgres", "SPRING_DATASOURCE_PASSWORD", ""));
	}

	@Test
	void finishesInFlightRequestsAndTheirAuditOnSigterm() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-sigterm");
		Map<String, String> environment = Map.of("TOKENMINT_ADMIN_API_KEY", ADMIN_KEY);
		List<String> answered = Collections.synchronizedList(new ArrayList<>());
		String clientId;
		try (JarProcess first = JarProcess.start(dir, environment, false).awaitLive(Duration.ofSeconds(90))) {
			TestApi api = first.api();
			var client = api.post("/admin/clients", Map.of("name", "sigterm", "max_permissions", "all", "documents", List.of("*")),
					TestApi.apiKey(ADMIN_KEY)).json();
			clientId = (String) client.get("id");
			String key = (String) client.get("api_key");
			ExecutorService pool = Executors.newFixedThreadPool(THREADS);
			for (int t = 0; t < THREADS; t++) {
				pool.submit(() -> {
					while (true) {
						try {
							var response = api.post("/tokens", Map.of("document_id", "sigterm"), TestApi.apiKey(key));
							if (response.status() == 200) {
								answered.add((String) response.json().get("jti"));
							}
						}
						catch (RuntimeException connectionClosed) {
							return;
						}
					}
				});
			}
			// Under way, at whatever speed the machine has: SIGTERM lands among requests in flight.
			org.awaitility.Awaitility.await("tokens are being answered").atMost(Duration.ofSeconds(60)).until(() -> answered.size() >= 200);
			first.process().destroy();
			assertThat(first.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			pool.shutdown();
			assertThat(pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			assertThat(first.output()).doesNotContain("audit records were still queued");
		}
		assertThat(answered).isNotEmpty();
		try (JarProcess second = JarProcess.start(dir, environment, false).awaitLive(Duration.ofSeconds(90))) {
			var export = second.api().get("/admin/audit/export?subject=" + clientId + "&outcome=ISSUED", TestApi.apiKey(ADMIN_KEY));
			List<String> audited = export.body().lines().map(line -> TestApi.JSON.readTree(line).get("jti").asString()).toList();
			assertThat(audited).as("every token answered before the shutdown is audited").containsAll(answered);
		}
	}

	private void killAndCount(Path dir, Map<String, String> database) throws Exception {
		Map<String, String> environment = new HashMap<>(database);
		environment.put("TOKENMINT_ADMIN_API_KEY", ADMIN_KEY);
		List<String> jtis = Collections.synchronizedList(new ArrayList<>());
		String clientId;
		try (JarProcess first = JarProcess.start(dir, environment, false).awaitLive(Duration.ofSeconds(90))) {
			TestApi api = first.api();
			var client = api.post("/admin/clients", Map.of("name", "crash", "max_permissions", "all", "documents", List.of("*")),
					TestApi.apiKey(ADMIN_KEY)).json();
			clientId = (String) client.get("id");
			String key = (String) client.get("api_key");
			ExecutorService pool = Executors.newFixedThreadPool(THREADS);
			List<Future<?>> work = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				work.add(pool.submit(() -> {
					for (int i = 0; i < PER_THREAD; i++) {
						var response = api.post("/tokens", Map.of("document_id", "crash"), TestApi.apiKey(key));
						assertThat(response.status()).as(response.toString()).isEqualTo(200);
						jtis.add((String) response.json().get("jti"));
					}
					return null;
				}));
			}
			for (Future<?> future : work) {
				future.get();
			}
			first.kill();
			pool.shutdown();
		}
		assertThat(jtis).hasSize(THREADS * PER_THREAD);
		try (JarProcess second = JarProcess.start(dir, environment, false).awaitLive(Duration.ofSeconds(90))) {
			var export = second.api().get("/admin/audit/export?subject=" + clientId, TestApi.apiKey(ADMIN_KEY));
			assertThat(export.status()).isEqualTo(200);
			List<String> audited = export.body().lines()
				.map(line -> TestApi.JSON.readTree(line))
				.filter(record -> record.get("outcome").asString().equals("ISSUED"))
				.map(record -> record.get("jti").asString())
				.toList();
			assertThat(audited).hasSize(THREADS * PER_THREAD).containsExactlyInAnyOrderElementsOf(jtis);
		}
	}

}
