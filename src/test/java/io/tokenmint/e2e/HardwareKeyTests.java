package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.tokenmint.signing.KeyRing;
import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Signs with a key generated inside a SoftHSM2 token, marked sensitive and non-extractable, through
 * SunPKCS11: the same path a hardware or cloud HSM takes. Skipped, visibly, where SoftHSM2 is not installed.
 */
@EnabledIf(value = "softHsmInstalled", disabledReason = "SoftHSM2 is not installed (apt-get install softhsm2; .ci/run does)")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HardwareKeyTests {

	private static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

	private static final String PIN = "hsm-pin-2468";

	private static final String ADMIN_KEY = "hsm-admin-key-0123456789abcdef";

	@LocalServerPort
	int port;

	@Autowired
	KeyRing keyRing;

	static boolean softHsmInstalled() {
		return Files.isReadable(LIBRARY) && System.getenv("SOFTHSM2_CONF") != null;
	}

	@DynamicPropertySource
	static void softHsmToken(DynamicPropertyRegistry registry) throws Exception {
		Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
		Path dir = conf.getParent();
		deleteRecursively(dir);
		Files.createDirectories(dir.resolve("tokens"));
		Files.writeString(conf, "directories.tokendir = " + dir.resolve("tokens") + "\nobjectstore.backend = file\nlog.level = ERROR\n");
		run("softhsm2-util", "--init-token", "--free", "--label", "tokenmint", "--pin", PIN, "--so-pin", "so-" + PIN);
		Path pkcs11 = dir.resolve("pkcs11.cfg");
		Files.writeString(pkcs11, """
				name = SoftHSM
				library = %s
				slotListIndex = 0
				attributes(generate, CKO_PRIVATE_KEY, *) = {
				  CKA_SENSITIVE = true
				  CKA_EXTRACTABLE = false
				}
				""".formatted(LIBRARY));
		run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-storetype", "PKCS11",
				"-providerClass", "sun.security.pkcs11.SunPKCS11", "-providerArg", pkcs11.toString(), "-alias", "hsm-rsa",
				"-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=hsm-rsa", "-storepass", PIN, "-validity", "365");
		// The key-encryption key of managed keys, on the token too: wrapping and unwrapping run there.
		run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genseckey", "-storetype", "PKCS11",
				"-providerClass", "sun.security.pkcs11.SunPKCS11", "-providerArg", pkcs11.toString(), "-alias", "hsm-kek",
				"-keyalg", "AES", "-keysize", "256", "-storepass", PIN);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:hsm;DB_CLOSE_DELAY=-1");
		registry.add("tokenmint.signing.kek-alias", () -> "hsm-kek");
		registry.add("tokenmint.data-dir", () -> dir.resolve("data").toString());
		registry.add("tokenmint.admin.api-key", () -> ADMIN_KEY);
		registry.add("tokenmint.signing.provider", () -> "pkcs11");
		registry.add("tokenmint.signing.pkcs11-config", pkcs11::toString);
		registry.add("tokenmint.signing.keystore-password", () -> PIN);
		registry.add("tokenmint.signing.generate-if-missing", () -> "false");
	}

	@Test
	void signsWithANonExtractableTokenKeyAndTheTokenVerifies() {
		var api = new TestApi(port);
		assertThat(keyRing.currentKey().kid()).isEqualTo("hsm-rsa");
		assertThat(keyRing.currentKey().privateKey().getEncoded()).as("the private key never leaves the token").isNull();

		String client = (String) api.post("/admin/clients", Map.of("name", "hsm", "max_permissions", "all", "documents", List.of("*")),
				TestApi.apiKey(ADMIN_KEY)).json().get("api_key");
		var issued = api.post("/tokens", Map.of("document_id", "doc-hsm"), TestApi.apiKey(client));
		assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
		String token = (String) issued.json().get("token");
		var jwt = IndependentVerifier.verifyWithJwks(token, api.get("/.well-known/jwks.json").body());
		assertThat(jwt.getHeader().getKeyID()).isEqualTo("hsm-rsa");
		IndependentVerifier.verifyWithPem(token, api.get("/keys/current.pem").body());
	}

	@Test
	void wrapsManagedKeysWithAKeyEncryptionKeyOnTheToken() {
		var api = new TestApi(port);
		var rotated = api.post("/admin/keys/rotate", Map.of("algorithm", "RS256"), TestApi.apiKey(ADMIN_KEY));
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		String successor = (String) rotated.json().get("successor");
		var key = api.get("/admin/keys", TestApi.apiKey(ADMIN_KEY)).jsonList().stream().filter(k -> successor.equals(k.get("kid"))).findFirst()
			.orElseThrow();
		assertThat(key).containsEntry("source", "managed").containsEntry("loaded", true).containsEntry("state", "PUBLISHED");
	}

	private static void run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command[0], command[1]) + " failed: " + output);
		}
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (Files.exists(dir)) {
			try (var paths = Files.walk(dir)) {
				paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
		}
	}

}
