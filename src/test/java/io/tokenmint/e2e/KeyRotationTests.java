package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Callable;

import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestClock;
import io.tokenmint.support.TestKeystores;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Keys from an operator's keystore, reloaded without a restart, rotated without a single failed verification. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyRotationTests {

	private static final String ADMIN_KEY = "rotation-admin-key-0123456789abcdef";

	private static final String PASSWORD = "keystore-pass-4711";

	private static final Path DIR = tempDir();

	private static final Path KEYSTORE = DIR.resolve("keys/signing.p12");

	private static final TestKeystores KEYS = TestKeystores.create().rsa("key-a", 2048);

	/** Publish-ahead passes when the test says so, not after a sleep. */
	private static final TestClock CLOCK = TestClock.startingNow();

	@TestConfiguration(proxyBeanMethods = false)
	static class Time {

		@Bean
		TestClock testClock() {
			return CLOCK;
		}

	}

	@LocalServerPort
	int port;

	private TestApi api;

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("tokenmint-rotation");
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void operatorKeystore(DynamicPropertyRegistry registry) {
		KEYS.writeTo(KEYSTORE, PASSWORD);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:rotation;DB_CLOSE_DELAY=-1");
		registry.add("tokenmint.data-dir", () -> DIR.resolve("data").toString());
		registry.add("tokenmint.admin.api-key", () -> ADMIN_KEY);
		registry.add("tokenmint.signing.keystore", KEYSTORE::toString);
		registry.add("tokenmint.signing.keystore-password", () -> PASSWORD);
		registry.add("tokenmint.signing.generate-if-missing", () -> "false");
		registry.add("tokenmint.signing.reload-interval", () -> "300ms");
		registry.add("tokenmint.signing.state-refresh", () -> "300ms");
		registry.add("tokenmint.signing.publish-ahead", () -> "1h");
	}

	@BeforeEach
	void connect() {
		api = new TestApi(port);
	}

	private String[] admin() {
		return TestApi.apiKey(ADMIN_KEY);
	}

	private Map<String, Object> key(String kid) {
		return api.get("/admin/keys", admin()).jsonList().stream().filter(k -> kid.equals(k.get("kid"))).findFirst().orElse(null);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> lastReload() {
		var details = (Map<String, Object>) api.get("/actuator/health/signing", admin()).json().get("details");
		return (Map<String, Object>) details.get("lastReload");
	}

	private static void await(String what, Callable<Boolean> condition) {
		Awaitility.await(what).atMost(Duration.ofSeconds(60)).until(condition);
	}

	private static int total(Map<String, AtomicInteger> byKid) {
		return byKid.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	@Test
	@Order(1)
	void describesTheKeysItLoaded() {
		var keyA = key("key-a");
		assertThat(keyA).containsEntry("alg", "RS256").containsEntry("key_type", "RSA").containsEntry("key_size", 2048)
			.containsEntry("state", "ACTIVE").containsEntry("loaded", true)
			.containsKeys("fingerprint_sha256", "first_published_at", "activated_at", "certificate_expires_at");
		assertThat((String) keyA.get("fingerprint_sha256")).matches("([0-9a-f]{2}:){31}[0-9a-f]{2}");
	}

	@Test
	@Order(2)
	void keepsTheLoadedKeysWhenAReloadFails() throws Exception {
		String before = (String) lastReload().get("at");
		// The reload dates itself by the application's clock: moved on, a new reload shows as a new date.
		CLOCK.advance(Duration.ofSeconds(1));
		Files.writeString(KEYSTORE, "this is not a keystore");
		await("the corrupt file was read", () -> !before.equals(lastReload().get("at")));
		assertThat(lastReload()).containsEntry("succeeded", false);
		assertThat((String) lastReload().get("message")).doesNotContain(PASSWORD);
		assertThat(api.get("/actuator/health/signing", admin()).json()).containsEntry("status", "UP");
		String client = createClient();
		assertThat(api.post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(client)).status()).isEqualTo(200);

		TestKeystores.create().rsa("key-x", 2048).writeTo(KEYSTORE, PASSWORD);
		await("the keystore without the active key was read", () -> ((String) lastReload().get("message")).contains("lacks the active key"));
		assertThat(key("key-x")).isNull();

		TestKeystores.create().rsa("key-y", 2048).writeTo(KEYSTORE, "another-password");
		await("the keystore with another password was read", () -> ((String) lastReload().get("message")).contains("wrong password"));

		KEYS.writeTo(KEYSTORE, PASSWORD);
		await("the good keystore was reloaded", () -> Boolean.TRUE.equals(lastReload().get("succeeded")));
		assertThat(key("key-a")).containsEntry("state", "ACTIVE");
	}

	@Test
	@Order(3)
	void rotatesUnderLoadWithoutASingleFailedVerification() throws Exception {
		String client = createClient();
		AtomicBoolean stop = new AtomicBoolean();
		List<String> failures = new CopyOnWriteArrayList<>();
		Map<String, AtomicInteger> byKid = new ConcurrentHashMap<>();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		for (int t = 0; t < 4; t++) {
			pool.submit(() -> {
				while (!stop.get()) {
					try {
						var issued = api.post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(client));
						if (issued.status() != 200) {
							failures.add("issue: " + issued);
							continue;
						}
						String token = (String) issued.json().get("token");
						IndependentVerifier.verifyWithJwks(token, api.get("/.well-known/jwks.json").body());
						byKid.computeIfAbsent((String) issued.json().get("kid"), kid -> new AtomicInteger()).incrementAndGet();
					}
					catch (Throwable ex) {
						failures.add(ex.toString());
					}
				}
			});
		}
		await("tokens are being issued", () -> total(byKid) >= 20);
		KEYS.rsa("key-b", 2048).writeTo(KEYSTORE, PASSWORD);
		// The reload loads the key, then records its state: a listing between the two shows it loaded and stateless,
		// which a stressed machine once caught. Published is the state recorded, so that is what is waited for.
		await("key-b is published", () -> key("key-b") != null && "PUBLISHED".equals(key("key-b").get("state")));

		var tooEarly = api.post("/admin/keys/key-b/activate", "", admin());
		assertThat(tooEarly.status()).isEqualTo(409);
		assertThat(tooEarly.code()).isEqualTo("KEY_NOT_PUBLISHED_LONG_ENOUGH");
		var activeTooSoonToRetire = api.post("/admin/keys/key-a/retire", "", admin());
		assertThat(activeTooSoonToRetire.code()).isEqualTo("KEY_STATE_CONFLICT");

		CLOCK.advance(Duration.ofHours(1));
		var activated = api.post("/admin/keys/key-b/activate", "", admin());
		assertThat(activated.status()).as(activated.toString()).isEqualTo(200);
		assertThat(activated.json()).containsEntry("state", "ACTIVE");
		await("key-b signs tokens", () -> byKid.containsKey("key-b") && byKid.get("key-b").get() >= 20);
		var retired = api.post("/admin/keys/key-a/retire", "", admin());
		assertThat(retired.status()).as(retired.toString()).isEqualTo(200);
		assertThat(retired.json()).containsEntry("state", "RETIRED").containsKey("published_until");
		int beforeRetirement = total(byKid);
		await("tokens are issued after the retirement", () -> total(byKid) >= beforeRetirement + 20);
		stop.set(true);
		pool.shutdown();
		assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

		assertThat(failures).isEmpty();
		assertThat(byKid).containsKeys("key-a", "key-b");
		assertThat(api.post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(client)).json()).containsEntry("kid", "key-b");
		assertThat(api.get("/.well-known/jwks.json").body()).as("retired but tokens still live").contains("key-a").contains("key-b");
		assertThat(api.get("/keys/current.pem").header("X-Key-Id")).isEqualTo("key-b");
		assertThat(api.post("/admin/keys/key-a/activate?force=true", "", admin()).code()).as("retired keys never sign again")
			.isEqualTo("KEY_STATE_CONFLICT");
		assertThat(api.post("/admin/keys/nope/activate", "", admin()).code()).isEqualTo("KEY_NOT_FOUND");
	}

	private String createClient() {
		return (String) api.post("/admin/clients", Map.of("name", "rotation", "max_permissions", "all", "documents", List.of("*")), admin())
			.json().get("api_key");
	}

}
