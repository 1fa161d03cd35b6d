package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tokenmint.support.EmbeddedPostgres;
import io.tokenmint.support.JarProcess;
import io.tokenmint.support.Replica;
import io.tokenmint.support.StandInDocumentEngine;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestKeystores;

import org.junit.jupiter.api.Test;

/**
 * A replica is killed with SIGKILL in the middle of a rotation step: it has generated the successor and is
 * delivering it to a Document Engine that does not answer. PostgreSQL ends its session and with it the
 * rotation lock; the next replica delivers the same successor and activates it, without generating another.
 */
class RotationCrashIT {

	private static final String ADMIN_KEY = "rotation-crash-admin-key-0123456789";

	private static final String DE_TOKEN = "crash-de-token-0123456789";

	@Test
	void aReplicaKilledMidRotationLeavesAStateTheNextOneCompletes() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-rotation-crash");
		Path keystore = TestKeystores.create().rsa("initial", 2048).aes("kek", "crash-pass-1").writeTo(dir.resolve("keys/k.p12"), "crash-pass-1");
		String jdbc = EmbeddedPostgres.newDatabase("tokenmint_rotation_crash");
		Map<String, Object> properties = Replica.managedKeys(keystore, "crash-pass-1", ADMIN_KEY);
		properties.putAll(EmbeddedPostgres.settings(jdbc));
		properties.put("tokenmint.signing.rotation.every", "8s");
		// One line of keys, so that "the successor" is one key: a crash mid-delivery is the subject, not the lines.
		properties.put("tokenmint.signing.keys-per-profile", "false");
		properties.put("tokenmint.signing.rotation.check-interval", "250ms");
		// Long enough for the test to kill the replica mid-delivery; the delivery's claim, which the next replica
		// waits out, lasts as long.
		properties.put("tokenmint.signing.rotation.request-timeout", "20s");
		properties.put("tokenmint.signing.rotation.delivery-budget", "20s");
		properties.put("tokenmint.signing.publish-ahead", "2s");
		Map<String, String> environment = Replica.asEnvironment(properties);
		try (StandInDocumentEngine documentEngine = new StandInDocumentEngine(DE_TOKEN)) {
			try (JarProcess first = JarProcess.start(dir, environment, false).awaitLive(Duration.ofSeconds(90))) {
				var registered = first.api().post("/admin/consumers", Map.of("type", "document-engine", "name", "docs", "url",
						documentEngine.baseUrl(), "api_token", DE_TOKEN), TestApi.apiKey(ADMIN_KEY));
				assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
				await("the current key's delivery is confirmed", () -> first.api().get("/admin/keys", TestApi.apiKey(ADMIN_KEY)).body()
					.contains("\"state\":\"done\""));
				documentEngine.mode(StandInDocumentEngine.Mode.HANGING);
				await("the first replica is delivering a successor nobody answers for",
						() -> documentEngine.hangingRequests() > 0 && count(jdbc, "SELECT COUNT(*) FROM managed_key") == 1);
				assertThat(count(jdbc, "SELECT COUNT(*) FROM managed_key")).isEqualTo(1);
				first.kill();
			}
			documentEngine.mode(StandInDocumentEngine.Mode.UP);
			String successor = string(jdbc, "SELECT kid FROM managed_key");
			try (JarProcess second = JarProcess.start(dir, environment, false).awaitLive(Duration.ofSeconds(90))) {
				await("the next replica activates the successor", () -> "ACTIVE".equals(string(jdbc,
						"SELECT state FROM signing_key_state WHERE kid = '" + successor + "'")));
				List<String[]> events = events(jdbc);
				String generatedBy = actor(events, "key.generated", successor);
				String pushedBy = actor(events, "key.pushed", successor);
				String activatedBy = actor(events, "key.activated", successor);
				assertThat(pushedBy).isNotNull().isNotEqualTo(generatedBy);
				assertThat(activatedBy).isEqualTo(pushedBy);
				long generatedBeforeActivation = events.stream()
					.takeWhile(event -> !(event[0].equals("key.activated") && event[1].equals(successor)))
					.filter(event -> event[0].equals("key.generated"))
					.count();
				assertThat(generatedBeforeActivation).as("successors generated").isEqualTo(1);
				assertThat(documentEngine.trustedNow()).hasSize(2);
			}
		}
	}

	private static String actor(List<String[]> events, String action, String kid) {
		return events.stream().filter(e -> e[0].equals(action) && e[1].equals(kid)).map(e -> e[2]).findFirst().orElse(null);
	}

	private static List<String[]> events(String jdbc) throws Exception {
		List<String[]> events = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(jdbc, "postgres", "");
				ResultSet rs = connection.createStatement()
					.executeQuery("SELECT action, target, caller_id FROM audit_event WHERE kind = 'admin' AND action LIKE 'key.%' ORDER BY id")) {
			while (rs.next()) {
				events.add(new String[] { rs.getString(1), rs.getString(2), rs.getString(3) });
			}
		}
		return events;
	}

	private static long count(String jdbc, String sql) {
		return Long.parseLong(string(jdbc, sql));
	}

	private static String string(String jdbc, String sql) {
		try (Connection connection = DriverManager.getConnection(jdbc, "postgres", ""); ResultSet rs = connection.createStatement().executeQuery(sql)) {
			return rs.next() ? rs.getString(1) : null;
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Real time: separate processes, killed and restarted. Generous, and the failure names what was awaited. */
	private static void await(String what, java.util.concurrent.Callable<Boolean> condition) {
		org.awaitility.Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(condition);
	}

}
