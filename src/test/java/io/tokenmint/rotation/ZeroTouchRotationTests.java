package io.tokenmint.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.locks.ReentrantReadWriteLock;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;

import io.tokenmint.signing.KeyLifecycle;
import io.tokenmint.support.EmbeddedPostgres;
import io.tokenmint.support.Replica;
import io.tokenmint.support.StandInDocumentEngine;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestClock;
import io.tokenmint.support.TestKeystores;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Two replicas on PostgreSQL issue tokens under load while the schedule rotates the key three times. Time is the
 * test's: one {@link TestClock} stands in for the system clock of both replicas and of a stand-in Document
 * Engine, and the test moves it in steps shorter than a token's tail, so the schedule meets each deadline as it
 * would in production, at any machine's speed. After each step it waits until both replicas have caught up
 * (the schedule ran at that time, nothing due is left undone, both sign with the stored active key, the Document
 * Engine holds every published key) and every load thread has issued a token at that time. The Document Engine
 * takes the keys through its secrets API and checks every token an app would show it with the keys it was
 * given; a stand-in webhook checks every notice's signature. Then the Document Engine fails and goes away
 * mid-rotation.
 */
@ExtendWith(OutputCaptureExtension.class)
class ZeroTouchRotationTests {

	private static final String ADMIN_KEY = "rotation-admin-key-0123456789abcdef";

	private static final String[] ADMIN = TestApi.apiKey(ADMIN_KEY);

	private static final String DE_TOKEN = "de-api-token-that-must-never-leak-7f3a9c";

	private static final Duration EVERY = Duration.ofHours(4);

	private static final Duration PUBLISH_AHEAD = Duration.ofHours(1);

	/** Shorter than a token's tail (max-expires-in 20 min, leeway 1 min): no deadline is jumped over. */
	private static final Duration STEP = Duration.ofMinutes(20);

	private static final TestClock clock = TestClock.startingNow();

	/** Load holds it to issue and check one token; the test takes it to move time, so that no token outlives its step. */
	private static final ReentrantReadWriteLock time = new ReentrantReadWriteLock(true);

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
		documentEngine = new StandInDocumentEngine(DE_TOKEN, clock);
		startWebhook();
		dir = Files.createTempDirectory("tokenmint-rotation");
		Path keystore = TestKeystores.create().rsa("initial", 2048).aes("kek", "rotation-pass-1")
			.writeTo(dir.resolve("keys/shared.p12"), "rotation-pass-1");
		jdbcUrl = EmbeddedPostgres.newDatabase("tokenmint_rotation");
		Map<String, Object> properties = settings(keystore, jdbcUrl);
		properties.put("tokenmint.data-dir", dir.resolve("data-1").toString());
		first = Replica.start(properties, Map.of("testClock", clock));
		properties.put("tokenmint.data-dir", dir.resolve("data-2").toString());
		second = Replica.start(properties, Map.of("testClock", clock));
	}

	static Map<String, Object> settings(Path keystore, String url) {
		Map<String, Object> properties = Replica.managedKeys(keystore, "rotation-pass-1", ADMIN_KEY);
		properties.putAll(EmbeddedPostgres.settings(url));
		properties.put("tokenmint.signing.rotation.every", EVERY.toString());
		// One line of keys that every profile signs from, so that each step has one successor to follow: the
		// schedule and the consumers across replicas are the subject here; lines kept apart are KeysPerProfileTests'.
		properties.put("tokenmint.signing.keys-per-profile", "false");
		properties.put("tokenmint.signing.publish-ahead", PUBLISH_AHEAD.toString());
		// Real time: how often each replica looks; the test also wakes them after each step.
		properties.put("tokenmint.signing.rotation.check-interval", "250ms");
		properties.put("tokenmint.signing.state-refresh", "500ms");
		properties.put("tokenmint.signing.rotation.request-timeout", "2s");
		// The test's time: backoff after a failed delivery.
		properties.put("tokenmint.signing.rotation.retry-first", "30s");
		properties.put("tokenmint.signing.rotation.retry-max", "2m");
		properties.put("tokenmint.default-expires-in", "600");
		properties.put("tokenmint.max-expires-in", "1200");
		properties.put("tokenmint.verify-leeway", "60");
		properties.put("tokenmint.profiles.moengage.default-expires-in", "600");
		properties.put("tokenmint.profiles.braze.default-expires-in", "600");
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
		long consumersRegistered = lastEventId();
		assertThat(webhookSecret).startsWith("whsec_");
		assertThat(first.api().get("/admin/consumers", ADMIN).body()).doesNotContain(DE_TOKEN).doesNotContain(webhookSecret);
		String client = (String) first.api().post("/admin/clients", Map.of("name", "load", "max_permissions", "all", "documents",
				List.of("*")), ADMIN).json().get("api_key");
		// A Document Engine holds its first key before any app shows it a token (in production through JWT_PUBLIC_KEY).
		caughtUp(true);

		// Load on both replicas, two threads each, while time moves through three rotation periods.
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger issued = new AtomicInteger();
		List<String> failedRequests = new CopyOnWriteArrayList<>();
		Set<String> kids = java.util.concurrent.ConcurrentHashMap.newKeySet();
		List<AtomicInteger> perThread = new ArrayList<>();
		List<Thread> load = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Replica replica = i % 2 == 0 ? first : second;
			AtomicInteger mine = new AtomicInteger();
			perThread.add(mine);
			Thread thread = new Thread(() -> {
				while (running.get()) {
					time.readLock().lock();
					try {
						var answer = replica.api().post("/tokens", Map.of("document_id", "doc-1"), TestApi.apiKey(client));
						if (answer.status() != 200) {
							failedRequests.add(clock.instant() + " " + answer);
							continue;
						}
						issued.incrementAndGet();
						kids.add((String) answer.json().get("kid"));
						documentEngine.verify((String) answer.json().get("token"));
					}
					finally {
						time.readLock().unlock();
						mine.incrementAndGet();
					}
				}
			});
			thread.start();
			load.add(thread);
		}
		Set<String> signedAtSomeStep = new HashSet<>();
		Instant end = clock.instant().plus(EVERY.multipliedBy(3)).plus(STEP);
		while (clock.instant().isBefore(end)) {
			step(true);
			signedAtSomeStep.add(activeKid());
			everyThreadIssuedOnce(perThread);
		}
		running.set(false);
		for (Thread thread : load) {
			thread.join();
		}

		assertThat(failedRequests).as("failed token requests").isEmpty();
		assertThat(documentEngine.failures()).as("tokens the Document Engine refused").isEmpty();
		assertThat(documentEngine.verifiedCount()).isEqualTo(issued.get()).isGreaterThan(150);
		assertThat(kids).as("keys that signed").hasSizeGreaterThanOrEqualTo(4).containsAll(signedAtSomeStep);
		assertThat(badSignatures).isEmpty();

		// One event per step and key, each by the schedule on one replica.
		List<String[]> events = keyEvents();
		Map<String, Integer> perStep = new HashMap<>();
		for (String[] event : events) {
			perStep.merge(event[0] + " " + event[1], 1, Integer::sum);
		}
		List<String> managed = events.stream().filter(e -> e[0].equals("key.generated")).map(e -> e[1]).toList();
		assertThat(managed).hasSizeGreaterThanOrEqualTo(3);
		for (String[] event : events) {
			if (!event[0].startsWith("key.push")) {
				assertThat(perStep.get(event[0] + " " + event[1])).as(event[0] + " " + event[1]).isEqualTo(1);
			}
			assertThat(event[2]).as("actor of " + event[0]).isEqualTo("schedule");
		}
		String oldest = managed.get(0);
		assertThat(perStep).containsKeys("key.activated " + oldest, "key.retired " + oldest, "key.destroyed " + oldest,
				"key.retired initial");
		// Each key generated once the consumers were known reached them before it signed, in the audit's order.
		// (The first successor may have been generated at start, before the consumers existed.)
		for (String kid : managed) {
			Long generated = firstEventId("key.generated", kid);
			Long activated = firstEventId("key.activated", kid);
			if (activated != null && generated > consumersRegistered) {
				assertThat(firstEventId("key.pushed", kid)).as("pushed " + kid).isNotNull().isLessThan(activated);
			}
		}
		assertThat(notices.stream().filter(n -> n.get("type").equals("key.published")).map(n -> ((Map<String, Object>) n.get("data")).get("kid")))
			.containsAll(managed);
		assertThat(notices.stream().filter(n -> n.get("type").equals("key.removed")).map(n -> ((Map<String, Object>) n.get("data")).get("kid")))
			.contains(oldest);

		// The Document Engine ends up trusting exactly the keys tokenmint still publishes.
		await().alias("the Document Engine holds exactly the published keys").atMost(WAIT)
			.untilAsserted(() -> assertThat(documentEngine.trustedNow()).isEqualTo(publishedDer(first)));

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
		caughtUp(true);
		// Just after an activation, before the successor exists: it is generated while the Document Engine fails.
		while (successor() != null) {
			step(true);
		}
		String before = activeKid();
		documentEngine.mode(StandInDocumentEngine.Mode.FAILING);
		try {
			while (successor() == null) {
				step(false);
			}
			Instant due = Instant.parse((String) successor().get("activate_at"));
			// The successor's time comes: it waits, and the current key keeps signing.
			moveTo(due);
			await().alias("the successor waits for the Document Engine").atMost(WAIT).untilAsserted(() -> {
				var health = first.api().get("/actuator/health/rotation", ADMIN);
				assertThat(health.status()).as(health.toString()).isEqualTo(503);
				assertThat(health.body()).contains("waitingActivations").contains((String) successor().get("kid"));
				assertThat(first.api().get("/admin/keys", ADMIN).body()).contains("\"state\":\"failed\"").contains("HTTP 500");
			});
			assertThat(activeKid()).isEqualTo(before);
			for (int i = 0; i < 20; i++) {
				var answer = second.api().post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(client));
				assertThat(answer.status()).isEqualTo(200);
				// Signed by the current key, which the Document Engine still holds: apps notice nothing.
				assertThat(documentEngine.verify((String) answer.json().get("token"))).isTrue();
			}
			documentEngine.mode(StandInDocumentEngine.Mode.GONE);
			moveTo(clock.instant().plus(Duration.ofMinutes(2)));
			await().alias("the missing Document Engine is reported").atMost(WAIT)
				.untilAsserted(() -> assertThat(first.api().get("/admin/keys", ADMIN).body()).contains("unreachable"));
			assertThat(activeKid()).isEqualTo(before);
		}
		finally {
			documentEngine.mode(StandInDocumentEngine.Mode.UP);
		}
		moveTo(clock.instant().plus(Duration.ofMinutes(2)));
		await().alias("the successor signs once the Document Engine has it").atMost(WAIT)
			.untilAsserted(() -> assertThat(activeKid()).isNotEqualTo(before));
		await().alias("rotation health recovers").atMost(WAIT)
			.untilAsserted(() -> assertThat(first.api().get("/actuator/health/rotation", ADMIN).status()).isEqualTo(200));
		caughtUp(true);
		var answer = first.api().post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(client));
		assertThat(documentEngine.verify((String) answer.json().get("token"))).isTrue();
	}

	/** Generous: only a machine far slower than any CI would need it, and a failure says what was awaited. */
	private static final Duration WAIT = Duration.ofSeconds(60);

	/** Moves time one step while no token is in flight, and waits until both replicas have caught up with it. */
	private static void step(boolean consumersAnswer) {
		moveTo(clock.instant().plus(STEP));
		caughtUp(consumersAnswer);
	}

	private static void moveTo(Instant at) {
		time.writeLock().lock();
		try {
			if (at.isAfter(clock.instant())) {
				clock.advance(Duration.between(clock.instant(), at));
			}
		}
		finally {
			time.writeLock().unlock();
		}
		rotation(first).wake();
		rotation(second).wake();
	}

	/**
	 * Both replicas ran the schedule at the test's time, both sign with the stored active key, and, while the
	 * consumers answer, the schedule has nothing left to do then and the Document Engine holds every key they
	 * publish (otherwise an activation may wait for it).
	 */
	private static void caughtUp(boolean consumersAnswer) {
		Instant now = clock.instant();
		await().alias("both replicas caught up with " + now).atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			for (Replica replica : List.of(first, second)) {
				assertThat(rotation(replica).lastRun()).as("last run on port " + replica.port()).isNotNull().isAfterOrEqualTo(now);
			}
			assertThat(due(now)).as("steps due at " + now)
				.allMatch(step -> !consumersAnswer && step instanceof RotationPlanner.Blocked);
			String active = activeKid();
			for (Replica replica : List.of(first, second)) {
				assertThat(replica.api().get("/keys/current.pem").header("X-Key-Id")).as("key signing on port " + replica.port())
					.isEqualTo(active);
				if (consumersAnswer) {
					assertThat(documentEngine.trustedNow()).as("keys the Document Engine holds").containsAll(publishedDer(replica));
				}
			}
		});
	}

	private static void everyThreadIssuedOnce(List<AtomicInteger> perThread) {
		List<Integer> before = perThread.stream().map(AtomicInteger::get).toList();
		await().alias("every load thread issued a token at " + clock.instant()).atMost(WAIT).untilAsserted(() -> {
			for (int i = 0; i < perThread.size(); i++) {
				assertThat(perThread.get(i).get()).as("requests of load thread " + i).isGreaterThan(before.get(i));
			}
		});
	}

	private static KeyRotation rotation(Replica replica) {
		return replica.context().getBean(KeyRotation.class);
	}

	private static List<RotationPlanner.Step> due(Instant now) {
		KeyLifecycle keys = first.context().getBean(KeyLifecycle.class);
		KeyDelivery delivery = first.context().getBean(KeyDelivery.class);
		return RotationPlanner.plan(keys.keys(), keys.lines(), now, EVERY, keys.publishAhead(), delivery::confirmed);
	}

	private static Map<String, Object> successor() {
		return first.api().get("/admin/keys", ADMIN).jsonList().stream()
			.filter(key -> "PUBLISHED".equals(key.get("state")) && key.get("activate_at") != null)
			.findFirst()
			.orElse(null);
	}

	private static String activeKid() {
		return (String) first.api().get("/admin/keys", ADMIN).jsonList().stream()
			.filter(key -> "ACTIVE".equals(key.get("state")))
			.findFirst()
			.orElseThrow()
			.get("kid");
	}

	private static Set<String> publishedDer(Replica replica) {
		try {
			Set<String> der = new HashSet<>();
			for (JWK jwk : JWKSet.parse(replica.api().get("/.well-known/jwks.json").body()).getKeys()) {
				der.add(Base64.getEncoder().encodeToString(jwk.toRSAKey().toPublicKey().getEncoded()));
			}
			return der;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
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

	/** The audit's order, which the test's frozen time cannot give: events of one instant share a timestamp. */
	private static Long firstEventId(String action, String kid) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
				var statement = connection.prepareStatement("SELECT MIN(id) FROM audit_event WHERE action = ? AND target = ?")) {
			statement.setString(1, action);
			statement.setString(2, kid);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				long id = rs.getLong(1);
				return rs.wasNull() ? null : id;
			}
		}
	}

	private static long lastEventId() throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
				ResultSet rs = connection.createStatement().executeQuery("SELECT MAX(id) FROM audit_event")) {
			rs.next();
			return rs.getLong(1);
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

}
