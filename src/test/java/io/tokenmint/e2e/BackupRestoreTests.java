package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.tokenmint.support.EmbeddedPostgres;
import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.Replica;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestIdentityProvider;
import io.tokenmint.support.TestKeystores;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md's backup runbook, done: a backup taken while tokens are being issued, restored into a fresh
 * database, the service started on it with the same keystore and key-encryption key. The same JWKS, the managed
 * key signing again (so it unwrapped), the client and the grant working, the tokens issued before the backup
 * verifying, and every token answered before the backup began in the restored audit. On the embedded H2 with
 * {@code POST /admin/backup} (online); on PostgreSQL with pg_dump and pg_restore.
 */
class BackupRestoreTests {

	private static final String ADMIN_KEY = "backup-admin-key-0123456789abcdef";

	private static final String[] ADMIN = TestApi.apiKey(ADMIN_KEY);

	private static final String PASSWORD = "backup-pass-1";

	private static final TestIdentityProvider IDP = TestIdentityProvider.SHARED;

	private static final Duration WAIT = Duration.ofSeconds(60);

	/** How a database is backed up while the service runs on it, and restored into a fresh one; returns its settings. */
	private interface Runbook {

		void backUp(Replica running, Path into) throws Exception;

		Map<String, Object> restore(Path from, Path dir) throws Exception;

	}

	@Test
	void anOnlineBackupOfTheEmbeddedDatabaseRestores() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-backup-h2");
		Map<String, Object> database = Map.of("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("data/tokenmint") + ";WRITE_DELAY=0");
		backUpUnderLoadAndRestore(dir, database, new Runbook() {

			@Override
			public void backUp(Replica running, Path into) throws Exception {
				HttpResponse<InputStream> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(running.api().base()
						+ "/admin/backup")).header(ADMIN[0], ADMIN[1]).POST(HttpRequest.BodyPublishers.noBody()).build(),
						HttpResponse.BodyHandlers.ofInputStream());
				assertThat(answer.statusCode()).isEqualTo(200);
				assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/zip");
				assertThat(answer.headers().firstValue("Content-Disposition").orElseThrow()).matches("attachment; filename=\"tokenmint-.*\\.zip\"");
				try (InputStream body = answer.body()) {
					Files.copy(body, into);
				}
				assertThat(Files.list(dir.resolve("data")).map(path -> path.getFileName().toString()))
					.as("the backup is streamed, not kept").noneMatch(name -> name.startsWith("backup-"));
			}

			@Override
			public Map<String, Object> restore(Path from, Path restored) throws Exception {
				// The runbook: unpack the zip into an empty data directory.
				Path data = Files.createDirectories(restored.resolve("data"));
				try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(from))) {
					for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
						assertThat(entry.getName()).isEqualTo("tokenmint.mv.db");
						Files.copy(zip, data.resolve(entry.getName()));
					}
				}
				return Map.of("spring.datasource.url", "jdbc:h2:file:" + data.resolve("tokenmint") + ";WRITE_DELAY=0");
			}

		});
	}

	@Test
	void aPgDumpTakenWhileIssuingRestoresIntoAFreshDatabase() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-backup-pg");
		String source = EmbeddedPostgres.newDatabase("tokenmint_backup_source");
		backUpUnderLoadAndRestore(dir, EmbeddedPostgres.settings(source), new Runbook() {

			@Override
			public void backUp(Replica running, Path into) throws Exception {
				run("pg_dump", "--format=custom", "--file=" + into, "--dbname=" + libpq("tokenmint_backup_source"));
			}

			@Override
			public Map<String, Object> restore(Path from, Path restored) throws Exception {
				String target = EmbeddedPostgres.newDatabase("tokenmint_backup_restored");
				run("pg_restore", "--no-owner", "--exit-on-error", "--dbname=" + libpq("tokenmint_backup_restored"), from.toString());
				return EmbeddedPostgres.settings(target);
			}

		});
	}

	private static String libpq(String database) {
		return "postgresql://postgres@localhost:" + EmbeddedPostgres.server().getPort() + "/" + database;
	}

	private static void run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as("%s: %s", command[0], output).isZero();
	}

	private void backUpUnderLoadAndRestore(Path dir, Map<String, Object> database, Runbook runbook) throws Exception {
		Path keystore = TestKeystores.create().rsa("initial", 2048).aes("kek", PASSWORD).writeTo(dir.resolve("keys/k.p12"), PASSWORD);
		Map<String, Object> properties = Replica.managedKeys(keystore, PASSWORD, ADMIN_KEY);
		properties.putAll(IDP.properties());
		properties.put("tokenmint.data-dir", dir.resolve("data").toString());
		properties.put("tokenmint.signing.publish-ahead", "2s");
		properties.put("tokenmint.signing.rotation.check-interval", "250ms");
		properties.put("tokenmint.signing.state-refresh", "500ms");
		properties.put("logging.level.root", "WARN");
		Map<String, Object> original = new java.util.HashMap<>(properties);
		original.putAll(database);

		List<String[]> answered = Collections.synchronizedList(new ArrayList<>());
		List<String[]> beforeBackup;
		String jwks;
		String managedKid;
		String clientKey;
		String user = "backup-user-" + UUID.randomUUID();
		Path backup = dir.resolve("backup");
		try (Replica running = Replica.start(original)) {
			var client = running.api().post("/admin/clients", Map.of("name", "backed up", "max_permissions", "all", "documents", List.of("*")),
					ADMIN).json();
			clientKey = (String) client.get("api_key");
			assertThat(running.api().post("/admin/grants", Map.of("subject", "user:" + user, "document_id", "*", "permissions", "all"), ADMIN)
				.status()).isEqualTo(201);
			// The instant profile's own managed key, generated at start, signs once it was published for 2 s.
			managedKid = Awaitility.await("the instant profile signing with its own managed key").atMost(WAIT)
				.until(() -> IndependentVerifier.kid(running.api().issuedToken(clientKey)), kid -> !kid.equals("initial"));

			AtomicBoolean loading = new AtomicBoolean(true);
			ExecutorService pool = Executors.newFixedThreadPool(3);
			List<Future<?>> load = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				load.add(pool.submit(() -> {
					while (loading.get()) {
						var answer = running.api().post("/tokens", Map.of("document_id", "backed-up"), TestApi.apiKey(clientKey));
						assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
						answered.add(new String[] { (String) answer.json().get("jti"), (String) answer.json().get("token") });
					}
					return null;
				}));
			}
			try {
				Awaitility.await("tokens issued before the backup").atMost(WAIT).until(() -> answered.size() >= 100);
				jwks = running.api().get("/.well-known/jwks.json").body();
				beforeBackup = List.copyOf(answered);
				runbook.backUp(running, backup);
				int atBackup = answered.size();
				Awaitility.await("tokens issued after the backup").atMost(WAIT).until(() -> answered.size() >= atBackup + 50);
			}
			finally {
				loading.set(false);
				pool.shutdown();
			}
			for (Future<?> running1 : load) {
				running1.get(60, TimeUnit.SECONDS);
			}
			assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		}

		Path restoredDir = Files.createTempDirectory("tokenmint-restored");
		Map<String, Object> restored = new java.util.HashMap<>(properties);
		restored.put("tokenmint.data-dir", restoredDir.resolve("data").toString());
		restored.putAll(runbook.restore(backup, restoredDir));
		try (Replica service = Replica.start(restored)) {
			TestApi api = service.api();
			assertThat(kids(api.get("/.well-known/jwks.json").body())).as("the same public keys").isEqualTo(kids(jwks));
			String token = api.issuedToken(clientKey);
			assertThat(IndependentVerifier.kid(token)).as("the managed key, unwrapped with the key-encryption key, signs again").isEqualTo(managedKid);
			IndependentVerifier.verifyWithJwks(token, jwks);
			assertThat(api.post("/tokens", Map.of("document_id", "d"), TestIdentityProvider.bearer(IDP.token(user, List.of(), null))).status())
				.as("the grant").isEqualTo(200);
			String restoredJwks = api.get("/.well-known/jwks.json").body();
			for (String[] before : beforeBackup) {
				IndependentVerifier.verifyWithJwks(before[1], restoredJwks);
			}
			Set<String> audited = api.get("/admin/audit/export?kind=token", ADMIN).body().lines()
				.map(line -> TestApi.JSON.readTree(line).path("jti").asString(""))
				.collect(Collectors.toSet());
			assertThat(audited).as("every token answered before the backup began").containsAll(beforeBackup.stream().map(pair -> pair[0]).toList());
			System.out.printf("backup restored: %d tokens answered before it, %d after (those not expected), %d audited in the restored database%n",
					beforeBackup.size(), answered.size() - beforeBackup.size(), audited.size());
		}
	}


	private static Set<String> kids(String jwks) throws java.text.ParseException {
		return JWKSet.parse(jwks).getKeys().stream().map(JWK::getKeyID).collect(Collectors.toSet());
	}

}
