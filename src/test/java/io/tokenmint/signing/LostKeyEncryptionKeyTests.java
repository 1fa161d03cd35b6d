package io.tokenmint.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.crypto.KeyGenerator;

import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.Replica;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestKeystores;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The runbook for a lost key-encryption key: the managed keys it wrapped are unrecoverable, so a replica with a new
 * KEK refuses to start and changes nothing, until the operator names every one of them to destroy; then each is
 * retired, withdrawn and destroyed as a recorded key step, the profile signs with the shared key meanwhile, and an emergency rotation
 * gives it a new key of its own at once.
 */
class LostKeyEncryptionKeyTests {

	private static final String ADMIN_KEY = "lost-kek-admin-key-0123456789abcdef";

	private static final String[] ADMIN = TestApi.apiKey(ADMIN_KEY);

	private static final String PASSWORD = "lost-kek-pass-1";

	@Test
	void unreadableManagedKeysAreDestroyedOnlyWhenTheOperatorSaysSo() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-lost-kek");
		Path keystore = TestKeystores.create().rsa("initial", 2048).aes("kek", PASSWORD).writeTo(dir.resolve("keys/k.p12"), PASSWORD);
		Map<String, Object> properties = Replica.managedKeys(keystore, PASSWORD, ADMIN_KEY);
		properties.put("tokenmint.data-dir", dir.resolve("data").toString());
		properties.put("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("data/tokenmint") + ";WRITE_DELAY=0");
		properties.put("tokenmint.signing.publish-ahead", "1s");
		properties.put("tokenmint.signing.rotation.check-interval", "250ms");
		properties.put("tokenmint.signing.state-refresh", "500ms");
		properties.put("logging.level.root", "WARN");
		String clientKey;
		String lost;
		List<String> managed;
		try (Replica first = Replica.start(properties)) {
			clientKey = (String) first.api().post("/admin/clients", Map.of("name", "kek", "max_permissions", "all", "documents",
					List.of("*")), ADMIN).json().get("api_key");
			lost = Awaitility.await("instant signing with its own managed key").atMost(Duration.ofSeconds(60))
				.until(() -> IndependentVerifier.kid(first.api().issuedToken(clientKey)), kid -> !kid.equals("initial"));
			managed = first.api().get("/admin/keys", ADMIN).jsonList().stream().filter(key -> "managed".equals(key.get("source")))
				.map(key -> (String) key.get("kid")).toList();
		}
		assertThat(managed).as("each profile's own first key").hasSizeGreaterThanOrEqualTo(3).contains(lost);

		// The keystore restored without its KEK: the same signing key, a new AES key under the same alias.
		replaceKek(keystore);
		assertThatThrownBy(() -> Replica.start(properties)).as("a KEK that does not unwrap the keys stops the start")
			.hasStackTraceContaining("cannot be unwrapped").hasStackTraceContaining("Losing the key-encryption key");

		// Naming some of the keys is not enough: any other unreadable key still stops the start, as a replica started
		// later with a wrong key-encryption key must not destroy what the others can read.
		properties.put("tokenmint.signing.destroy-unreadable-keys", lost);
		assertThatThrownBy(() -> Replica.start(properties)).hasStackTraceContaining("cannot be unwrapped");

		properties.put("tokenmint.signing.destroy-unreadable-keys", String.join(",", managed));
		try (Replica service = Replica.start(properties)) {
			TestApi api = service.api();
			Awaitility.await("the lost key destroyed").atMost(Duration.ofSeconds(30)).until(() -> key(api, lost).get("destroyed_at") != null);
			Map<String, Object> destroyed = key(api, lost);
			assertThat(destroyed.get("state")).isEqualTo("RETIRED");
			assertThat(api.get("/.well-known/jwks.json").body()).doesNotContain(lost);
			String audit = api.get("/admin/audit/export?kind=admin", ADMIN).body();
			assertThat(audit.lines().filter(line -> line.contains("\"" + lost + "\"")))
				.anyMatch(line -> line.contains("key.destroyed") && line.contains("lost key-encryption key"))
				.anyMatch(line -> line.contains("key.withdrawn"));
			assertThat(IndependentVerifier.kid(api.issuedToken(clientKey))).as("the instant profile signs with the shared key meanwhile")
				.isEqualTo("initial");

			var rotated = api.post("/admin/keys/rotate", Map.of("profile", "instant", "emergency", true), ADMIN);
			assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
			String token = api.issuedToken(clientKey);
			assertThat(IndependentVerifier.kid(token)).as("a new key of its own, wrapped under the new KEK").isNotIn("initial", lost);
			IndependentVerifier.verifyWithJwks(token, api.get("/.well-known/jwks.json").body());
		}
		properties.remove("tokenmint.signing.destroy-unreadable-keys");
		try (Replica again = Replica.start(properties)) {
			assertThat(IndependentVerifier.kid(again.api().issuedToken(clientKey)))
				.as("the next start, without the setting, unwraps everything left").isNotIn("initial", lost);
		}
	}

	private static void replaceKek(Path keystore) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, PASSWORD.toCharArray());
		}
		KeyGenerator aes = KeyGenerator.getInstance("AES");
		aes.init(256);
		store.setEntry("kek", new KeyStore.SecretKeyEntry(aes.generateKey()), new KeyStore.PasswordProtection(PASSWORD.toCharArray()));
		try (OutputStream out = Files.newOutputStream(keystore)) {
			store.store(out, PASSWORD.toCharArray());
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> key(TestApi api, String kid) {
		return api.get("/admin/keys", ADMIN).jsonList().stream().filter(key -> kid.equals(key.get("kid"))).findFirst()
			.orElseThrow(() -> new AssertionError("no key " + kid));
	}


}
