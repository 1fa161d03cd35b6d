package io.tokenmint.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;

import io.tokenmint.support.EmbeddedPostgres;
import io.tokenmint.support.Replica;
import io.tokenmint.support.StandInDocumentEngine;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestKeystores;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Two replicas on PostgreSQL issue tokens under load while the schedule rotates the key three times, with
 * time compressed (a key signs for 6 s instead of 90 days). A stand-in Document Engine takes the keys through
 * its secrets API and checks every token an app would show it with the keys it was given; a stand-in webhook
 * checks every notice's signature. Then the Document Engine fails and goes away mid-rotation.
 */
@ExtendWith(OutputCaptureExtension.class)
class ZeroTouchRotationTests {

	private static final String ADMIN_KEY = "rotation-admin-key-0123456789abcdef";

	private static final String[] ADMIN = TestApi.apiKey(ADMIN_KEY);

	private static final String DE_TOKEN = "de-api-token-that-must-never-leak-7f3a9c";

	private static final Duration EVERY = Duration.ofSeconds(6);

	private static StandInDocumentEngine documentEngine;

	private static HttpServer webhook;

	private static final List<Map<String, Object>> notices = new CopyOnWriteArrayList<>();

	private static final List<String> badSignatures = new CopyOnWriteArrayList<>();

	private static volatile String webhookSecret;

	private static String jdbcUrl;

	private static Replica first;

	private static Replica second;

	private static Path dir;

	@BeforeAll
	static void start() throws Exception {
		documentEngine = new StandInDocumentEngine(DE_TOKEN);
		startWebhook();
		dir = Files.createTempDirectory("tokenmint-rotation");
		Path keystore = TestKeystores.create().rsa("initial", 2048).aes("kek", "rotation-pass-1")
			.writeTo(dir.resolve("keys/shared.p12"), "rotation-pass-1");
		jdbcUrl = EmbeddedPostgres.newDatabase("tokenmint_rotation");
		Map<String, Object> properties = settings(keystore, jdbcUrl);
		properties.put("tokenmint.data-dir", dir.resolve("data-1").toString());
		first = Replica.start(properties);
		properties.put("tokenmint.data-dir", dir.resolve("data-2").toString());
		second = Replica.start(properties);
	}

	static Map<String, Object> settings(Path keystore, String url) {
		Map<String, Object> properties = Replica.managedKeys(keystore, "rotation-pass-1", ADMIN_KEY);
		properties.putAll(EmbeddedPostgres.settings(url));
		properties.put("tokenmint.signing.rotation.every", EVERY.toMillis() + "ms");
		properties.put("tokenmint.signing.rotation.check-interval", "250ms");
		properties.put("tokenmint.signing.rotation.retry-first", "200ms");
		properties.put("tokenmint.signing.rotation.retry-max", "1s");
		properties.put("tokenmint.signing.rotation.request-timeout", "1s");
		properties.put("tokenmint.signing.publish-ahead", "2s");
		properties.put("tokenmint.signing.state-refresh", "500ms");
		properties.put("tokenmint.default-expires-in", "3");
		properties.put("tokenmint.max-expires-in", "4");
		properties.put("tokenmint.verify-leeway", "1");
		properties.put("tokenmint.profiles.moengage.default-expires-in", "3");
		properties.put("tokenmint.profiles.braze.default-expires-in", "3");
		properties.put("logging.level.root", "WARN");
		properties.put("logging.level.io.tokenmint", "INFO");
		return properties;
	}

	private static void startWebhook() throws IOException {
		webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 20);
		webhook.createContext("/keys", exchange -> {
			try (exchange) {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				String id = exchange.getRequestHeaders().getFirst("webhook-id");
				String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
				String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
				String expected = "v1," + hmac(webhookSecret, id + "." + timestamp + "." + body);
				if (!expected.equals(signature)) {
					badSignatures.add(id);
					exchange.sendResponseHeaders(401, -1);
					return;
				}
				notices.add(TestApi.JSON.readValue(body, Map.class));
				exchange.sendResponseHeaders(204, -1);
			}
		});
		webhook.start();
	}

	/** Standard Webhooks' signature, computed independently of tokenmint's code. */
	private static String hmac(String secret, String content) {
		try {
			var mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterAll
	static void stop() {
		if (second != null) {
			second.close();
		}
		if (first != null) {
			first.close();
		}
		documentEngine.close();
		webhook.stop(0);
	}

	@Test
	@SuppressWarnings("unchecked")
	void rotatesWithNoHumanStepAndNoTokenFailsAnywhere(CapturedOutput output) throws Exception {
		var registered = first.api().post("/admin/consumers", Map.of("type", "document-engine", "name", "docs", "url",
				documentEngine.baseUrl() + "/", "api_token", DE_TOKEN), ADMIN);
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		assertThat(registered.body()).doesNotContain(DE_TOKEN);
		var hook = second.api().post("/admin/consumers", Map.of("type", "webhook", "name", "moengage-upload", "url",
				"http://127.0.0.1:" + webhook.getAddress().getPort() + "/keys"), ADMIN);
		assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
		webhookSecret = (String) hook.json().get("webhook_secret");
		Instant consumersRegistered = Instant.now();
		assertThat(webhookSecret).startsWith("whsec_");
		assertThat(first.api().get("/admin/consumers", ADMIN).body()).doesNotContain(DE_TOKEN).doesNotContain(webhookSecret);
		String client = (String) first.api().post("/admin/clients", Map.of("name", "load", "max_permissions", "all", "documents",
				List.of("*")), ADMIN).json().get("api_key");
		// A Document Engine holds its first key before any app shows it a token (in production through JWT_PUBLIC_KEY).
		await("the Document Engine holds the current key", () -> !documentEngine.trustedNow().isEmpty()
				&& first.api().get("/admin/keys", ADMIN).body().contains("\"state\":\"done\""));

		// Load on both replicas for three rotation periods; every token goes to the Document Engine.
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger issued = new AtomicInteger();
		List<String> failedRequests = new CopyOnWriteArrayList<>();
		Set<String> kids = java.util.concurrent.ConcurrentHashMap.newKeySet();
		List<Thread> load = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Replica replica = i % 2 == 0 ? first : second;
			Thread thread = new Thread(() -> {
				while (running.get()) {
					var answer = replica.api().post("/tokens", Map.of("document_id", "doc-1"), TestApi.apiKey(client));
					if (answer.status() != 200) {
						failedRequests.add(answer.toString());
						continue;
					}
					issued.incrementAndGet();
					kids.add((String) answer.json().get("kid"));
					documentEngine.verify((String) answer.json().get("token"));
					sleepQuietly(10);
				}
			});
			thread.start();
			load.add(thread);
		}
		Instant loadStarted = Instant.now();
		Thread.sleep(EVERY.multipliedBy(3).plusSeconds(3).toMillis());
		running.set(false);
		for (Thread thread : load) {
			thread.join();
		}
		Instant loadEnded = Instant.now();

		assertThat(failedRequests).as("failed token requests").isEmpty();
		assertThat(documentEngine.failures()).as("tokens the Document Engine refused").isEmpty();
		assertThat(documentEngine.verifiedCount()).isEqualTo(issued.get()).isGreaterThan(200);
		assertThat(kids).as("keys that signed").hasSizeGreaterThanOrEqualTo(3);
		assertThat(badSignatures).isEmpty();

		// One event per step and key, each by the schedule on one replica.
		List<String[]> events = keyEvents();
		Map<String, Integer> perStep = new HashMap<>();
		for (String[] event : events) {
			perStep.merge(event[0] + " " + event[1], 1, Integer::sum);
		}
		List<String> managed = events.stream().filter(e -> e[0].equals("key.generated")).map(e -> e[1]).toList();
		assertThat(managed).hasSizeGreaterThanOrEqualTo(3);
		for (String kid : managed) {
			assertThat(perStep.get("key.generated " + kid)).isEqualTo(1);
		}
		for (String[] event : events) {
			if (!event[0].startsWith("key.push")) {
				assertThat(perStep.get(event[0] + " " + event[1])).as(event[0] + " " + event[1]).isEqualTo(1);
			}
			assertThat(event[2]).as("actor of " + event[0]).isEqualTo("schedule");
		}
		String oldest = managed.get(0);
		assertThat(perStep).containsKeys("key.activated " + oldest, "key.retired " + oldest, "key.destroyed " + oldest,
				"key.retired initial");
		// Every key that signed for a good while under load signed tokens there, the keystore's own included when a
		// slow start did not retire it before the load began.
		List<String> candidates = new ArrayList<>(managed);
		candidates.add("initial");
		for (String kid : candidates) {
			if (signedUnderLoad(kid, loadStarted, loadEnded).compareTo(Duration.ofMillis(1500)) >= 0) {
				assertThat(kids).as("keys that signed").contains(kid);
			}
		}
		// Each key generated once the consumers were known reached them before it signed. (One generated before, by
		// a schedule that runs from start, signs without them: they did not exist yet.)
		for (String kid : managed) {
			Instant pushed = firstEventAt("key.pushed", kid);
			Instant activated = firstEventAt("key.activated", kid);
			if (activated != null && firstEventAt("key.generated", kid).isAfter(consumersRegistered)) {
				assertThat(pushed).as("pushed " + kid).isNotNull().isBefore(activated);
			}
		}
		assertThat(notices.stream().filter(n -> n.get("type").equals("key.published")).map(n -> ((Map<String, Object>) n.get("data")).get("kid")))
			.containsAll(managed);
		assertThat(notices.stream().filter(n -> n.get("type").equals("key.removed")).map(n -> ((Map<String, Object>) n.get("data")).get("kid")))
			.contains(oldest);

		// The Document Engine ends up trusting exactly the keys tokenmint still publishes.
		await("the Document Engine holds exactly the published keys", () -> documentEngine.trustedNow().equals(publishedDer()));

		// Nothing secret anywhere it could be read.
		List<String> secrets = new ArrayList<>(List.of(DE_TOKEN, webhookSecret, webhookSecret.substring(6)));
		secrets.addAll(wrappedPrivateKeys());
		String answers = first.api().get("/admin/keys", ADMIN).body() + first.api().get("/admin/consumers", ADMIN).body()
				+ second.api().get("/admin/audit?kind=admin&limit=500", ADMIN).body() + first.api().get("/actuator/health", ADMIN).body();
		for (String secret : secrets) {
			assertThat(answers).doesNotContain(secret);
			assertThat(output.getAll()).doesNotContain(secret);
		}
		assertThat(output.getAll()).doesNotContain("PRIVATE KEY");
	}

	@Test
	void aFailingOrMissingDocumentEngineHoldsActivationBackAndBreaksNothing() throws Exception {
		String client = (String) first.api().post("/admin/clients", Map.of("name", "outage", "max_permissions", "all", "documents",
				List.of("*")), ADMIN).json().get("api_key");
		if (first.api().get("/admin/consumers", ADMIN).jsonList().stream().noneMatch(c -> "document-engine".equals(c.get("type")))) {
			first.api().post("/admin/consumers", Map.of("type", "document-engine", "name", "docs", "url", documentEngine.baseUrl(),
					"api_token", DE_TOKEN), ADMIN);
		}
		await("the schedule is between activations", () -> activeAge().compareTo(Duration.ofSeconds(1)) < 0);
		String before = activeKid();
		documentEngine.mode(StandInDocumentEngine.Mode.FAILING);
		try {
			// Past the time the successor would have signed: it waits, and the current key keeps signing.
			Thread.sleep(EVERY.plusSeconds(2).toMillis());
			assertThat(activeKid()).isEqualTo(before);
			var health = first.api().get("/actuator/health/rotation", ADMIN);
			assertThat(health.status()).isEqualTo(503);
			assertThat(health.body()).contains("waitingActivations");
			assertThat(first.api().get("/admin/keys", ADMIN).body()).contains("\"state\":\"failed\"").contains("HTTP 500");
			for (int i = 0; i < 20; i++) {
				var answer = second.api().post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(client));
				assertThat(answer.status()).isEqualTo(200);
				// Signed by the current key, which the Document Engine still holds: apps notice nothing.
				assertThat(documentEngine.verify((String) answer.json().get("token"))).isTrue();
			}
			documentEngine.mode(StandInDocumentEngine.Mode.GONE);
			Thread.sleep(2_000);
			assertThat(activeKid()).isEqualTo(before);
			assertThat(first.api().get("/admin/keys", ADMIN).body()).contains("unreachable");
		}
		finally {
			documentEngine.mode(StandInDocumentEngine.Mode.UP);
		}
		await("the successor signs once the Document Engine has it", () -> !activeKid().equals(before));
		await("rotation health recovers", () -> first.api().get("/actuator/health/rotation", ADMIN).status() == 200);
		var answer = first.api().post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(client));
		assertThat(documentEngine.verify((String) answer.json().get("token"))).isTrue();
	}

	private static Duration activeAge() {
		return first.api().get("/admin/keys", ADMIN).jsonList().stream()
			.filter(key -> "ACTIVE".equals(key.get("state")))
			.map(key -> Duration.between(Instant.parse((String) key.get("activated_at")), Instant.now()))
			.findFirst()
			.orElseThrow();
	}

	private static String activeKid() {
		return (String) first.api().get("/admin/keys", ADMIN).jsonList().stream()
			.filter(key -> "ACTIVE".equals(key.get("state")))
			.findFirst()
			.orElseThrow()
			.get("kid");
	}

	private static Set<String> publishedDer() {
		try {
			Set<String> der = new HashSet<>();
			for (JWK jwk : JWKSet.parse(first.api().get("/.well-known/jwks.json").body()).getKeys()) {
				der.add(Base64.getEncoder().encodeToString(jwk.toRSAKey().toPublicKey().getEncoded()));
			}
			return der;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** How long a key was the one that signs while the load ran, by its activation and retirement events. */
	private static Duration signedUnderLoad(String kid, Instant loadStarted, Instant loadEnded) throws SQLException {
		Instant activated = firstEventAt("key.activated", kid);
		Instant retired = firstEventAt("key.retired", kid);
		Instant from = activated == null || activated.isBefore(loadStarted) ? loadStarted : activated;
		Instant until = retired == null || retired.isAfter(loadEnded) ? loadEnded : retired;
		if (activated == null && !kid.equals("initial")) {
			return Duration.ZERO;
		}
		return until.isAfter(from) ? Duration.between(from, until) : Duration.ZERO;
	}

	private static List<String[]> keyEvents() throws SQLException {
		List<String[]> events = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
				ResultSet rs = connection.createStatement()
					.executeQuery("SELECT action, target, caller_kind, caller_id FROM audit_event WHERE kind = 'admin' AND action LIKE 'key.%' ORDER BY id")) {
			while (rs.next()) {
				events.add(new String[] { rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4) });
			}
		}
		return events;
	}

	private static Instant firstEventAt(String action, String kid) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
				var statement = connection.prepareStatement("SELECT MIN(occurred_at) FROM audit_event WHERE action = ? AND target = ?")) {
			statement.setString(1, action);
			statement.setString(2, kid);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				var at = rs.getTimestamp(1);
				return at == null ? null : at.toInstant();
			}
		}
	}

	/** What the database holds of private keys, which must appear nowhere else. */
	private static List<String> wrappedPrivateKeys() throws SQLException {
		List<String> wrapped = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
				ResultSet rs = connection.createStatement().executeQuery("SELECT wrapped_private FROM managed_key WHERE wrapped_private IS NOT NULL")) {
			while (rs.next()) {
				wrapped.add(rs.getString(1).substring(0, 40));
			}
		}
		return wrapped;
	}

	static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
		Instant start = Instant.now();
		while (!condition.get()) {
			if (Duration.between(start, Instant.now()).toSeconds() > 20) {
				throw new AssertionError("timed out waiting until " + what);
			}
			Thread.sleep(100);
		}
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
