package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.tokenmint.release.Release;
import io.tokenmint.release.ReleaseBuild;
import io.tokenmint.release.Releases;
import io.tokenmint.support.EmbeddedPostgres;
import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.JarProcess;
import io.tokenmint.support.Replica;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestIdentityProvider;
import io.tokenmint.support.TestKeystores;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade as an orchestrator does one, under load: the newest recorded release, built again from its
 * commit, runs as two replicas on one PostgreSQL with managed keys; clients issue tokens without pause through a
 * load balancer; each replica in turn is taken out of rotation, drained, stopped (SIGTERM) and replaced by one of
 * the current code, which migrates on start. Nothing may fail: every request is answered 200, every answered token
 * is in the audit once, tokens of either release verify against either release's JWKS, and clients and grants
 * created, revoked or deleted on one release are honoured by the other.
 */
class RollingUpgradeIT {

	private static final String ADMIN_KEY = "rolling-upgrade-admin-key-0123456789";

	private static final String[] ADMIN = TestApi.apiKey(ADMIN_KEY);

	private static final TestIdentityProvider IDP = TestIdentityProvider.SHARED;

	private static final int CLIENTS = 4;

	/** Tokens each phase must see answered by the replicas it is about, so that every phase carries real load. */
	private static final int PER_PHASE = 150;

	/** A replica as the load balancer knows it. */
	private record Node(String name, String version, JarProcess process) {

		TestApi api() {
			return process.api();
		}

	}

	/** A token some replica answered. */
	private record Answer(String node, String version, String jti, String token) {
	}

	private final List<Node> rotation = new CopyOnWriteArrayList<>();

	/** Held by a request while it picks a replica and counts itself in flight there; by the balancer to take one out. */
	private final ReentrantReadWriteLock picking = new ReentrantReadWriteLock();

	private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

	private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());

	private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

	@Test
	void replicasReplacedOneByOneUnderLoadRefuseNothing() throws Exception {
		Releases.Cut previous = Releases.newest();
		String current = Release.current().version();
		Path previousJar = ReleaseBuild.jar(previous);
		Path dir = Files.createTempDirectory("tokenmint-rolling");
		Path keystore = TestKeystores.create().rsa("initial", 2048).aes("kek", "rolling-pass-1").writeTo(dir.resolve("keys/k.p12"),
				"rolling-pass-1");
		String jdbc = EmbeddedPostgres.newDatabase("tokenmint_rolling");
		Map<String, Object> properties = Replica.managedKeys(keystore, "rolling-pass-1", ADMIN_KEY);
		properties.putAll(EmbeddedPostgres.settings(jdbc));
		properties.putAll(IDP.properties());
		// The profiles' own keys, generated at the first start, are published ahead for a few seconds only, so that keys
		// become active while both releases serve.
		properties.put("tokenmint.signing.publish-ahead", "3s");
		properties.put("tokenmint.rate-limit.enabled", "false");
		Map<String, String> environment = Replica.asEnvironment(properties);

		Node oldA = start("old-a", previous.version(), previousJar, dir, environment);
		Node oldB = start("old-b", previous.version(), previousJar, dir, environment);
		var client = oldA.api().post("/admin/clients", Map.of("name", "rolling load", "max_permissions", "all", "documents", List.of("*")),
				ADMIN).json();
		String key = (String) client.get("api_key");
		rotation.addAll(List.of(oldA, oldB));
		AtomicBoolean loading = new AtomicBoolean(true);
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		List<Future<?>> load = new ArrayList<>();
		AtomicInteger sent = new AtomicInteger();
		for (int i = 0; i < CLIENTS; i++) {
			load.add(pool.submit(() -> {
				while (loading.get()) {
					issue(key, sent.getAndIncrement());
				}
			}));
		}
		try {
			awaitAnswered("both replicas of " + previous.version() + " under load", oldA, oldB);

			Node newA = replace(oldA, "new-a", current, JarProcess.jar(), dir, environment);
			awaitAnswered(previous.version() + " and " + current + " side by side", newA, oldB);
			releasesHonourEachOther(oldB, newA);

			Node newB = replace(oldB, "new-b", current, JarProcess.jar(), dir, environment);
			awaitAnswered("both replicas of " + current, newA, newB);

			loading.set(false);
			for (Future<?> running : load) {
				running.get(60, TimeUnit.SECONDS);
			}
			assertThat(failures).as("requests not answered 200 during the upgrade (of %d sent)", sent.get()).isEmpty();
			String jwks = newA.api().get("/.well-known/jwks.json").body();
			for (Answer answer : List.copyOf(answers)) {
				IndependentVerifier.verifyWithJwks(answer.token(), jwks);
			}
			assertEveryAnsweredTokenAuditedOnce(jdbc);
			System.out.printf("rolling upgrade %s -> %s: %d tokens answered (%s), none failed%n", previous.version(), current, answers.size(),
					countByNode());
			newA.process().close();
			newB.process().close();
		}
		finally {
			loading.set(false);
			pool.shutdownNow();
			for (Node node : rotation) {
				node.process().close();
			}
		}
	}

	private void issue(String key, int n) {
		Node node;
		picking.readLock().lock();
		try {
			List<Node> nodes = List.copyOf(rotation);
			node = nodes.get(Math.floorMod(n, nodes.size()));
			inFlight.computeIfAbsent(node.name(), name -> new AtomicInteger()).incrementAndGet();
		}
		finally {
			picking.readLock().unlock();
		}
		try {
			var answer = node.api().post("/tokens", Map.of("document_id", "rolling-" + n), TestApi.apiKey(key));
			if (answer.status() == 200) {
				Map<String, Object> body = answer.json();
				answers.add(new Answer(node.name(), node.version(), (String) body.get("jti"), (String) body.get("token")));
			}
			else {
				failures.add(node.name() + " (" + node.version() + "): " + answer);
			}
		}
		catch (RuntimeException ex) {
			failures.add(node.name() + " (" + node.version() + "): " + ex);
		}
		finally {
			inFlight.get(node.name()).decrementAndGet();
		}
	}

	private static Node start(String name, String version, Path jar, Path dir, Map<String, String> environment) throws Exception {
		Path work = Files.createDirectories(dir.resolve(name));
		Map<String, String> own = new HashMap<>(environment);
		own.put("TOKENMINT_DATADIR", work.resolve("data").toString());
		JarProcess process = JarProcess.start(work, jar, own, false);
		Node node = new Node(name, version, process);
		try {
			Awaitility.await(name + " (" + version + ") ready").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
				.until(() -> ready(node));
		}
		catch (RuntimeException notReady) {
			throw new AssertionError(name + " (" + version + ") did not become ready:\n" + process.output(), notReady);
		}
		String reported = (String) ((Map<?, ?>) node.api().get("/actuator/info", ADMIN).json().get("build")).get("version");
		assertThat(reported).as("the version %s reports", name).isEqualTo(version);
		return node;
	}

	private static boolean ready(Node node) {
		if (!node.process().process().isAlive()) {
			throw new IllegalStateException(node.name() + " exited with " + node.process().process().exitValue());
		}
		try {
			return node.api().get("/actuator/health/readiness").status() == 200;
		}
		catch (IllegalStateException starting) {
			return false;
		}
	}

	/** Out of rotation, drained, stopped as Kubernetes stops a pod; then its successor started and put in rotation. */
	private Node replace(Node old, String name, String version, Path jar, Path dir, Map<String, String> environment) throws Exception {
		picking.writeLock().lock();
		try {
			rotation.remove(old);
		}
		finally {
			picking.writeLock().unlock();
		}
		Awaitility.await(old.name() + " drained").atMost(Duration.ofSeconds(60)).until(() -> inFlight.get(old.name()).get() == 0);
		old.process().close();
		assertThat(old.process().process().exitValue()).as("%s stopped gracefully:\n%s", old.name(), old.process().output()).isIn(0, 143);
		Node started = start(name, version, jar, dir, environment);
		rotation.add(started);
		return started;
	}

	private void awaitAnswered(String phase, Node... nodes) {
		Map<String, Integer> before = countByNode();
		Awaitility.await(PER_PHASE + " tokens from each replica: " + phase).atMost(Duration.ofSeconds(180))
			.pollInterval(Duration.ofMillis(100)).until(() -> {
				Map<String, Integer> now = countByNode();
				for (Node node : nodes) {
					if (now.getOrDefault(node.name(), 0) - before.getOrDefault(node.name(), 0) < PER_PHASE) {
						return !failures.isEmpty();
					}
				}
				return true;
			});
		assertThat(failures).as("failed while %s", phase).isEmpty();
	}

	private Map<String, Integer> countByNode() {
		Map<String, Integer> counts = new java.util.TreeMap<>();
		for (Answer answer : List.copyOf(answers)) {
			counts.merge(answer.node(), 1, Integer::sum);
		}
		return counts;
	}

	/**
	 * While both releases serve: tokens of each verify against the other's JWKS; a client made on the old release
	 * issues on the new one and, revoked there, stops on the old; a grant made on the new release is honoured by the
	 * old one and, deleted there, stops on the new.
	 */
	private void releasesHonourEachOther(Node old, Node upgraded) {
		String oldJwks = old.api().get("/.well-known/jwks.json").body();
		String newJwks = upgraded.api().get("/.well-known/jwks.json").body();
		List<Answer> sample = List.copyOf(answers);
		assertThat(sample).extracting(Answer::version).contains(old.version(), upgraded.version());
		for (Answer answer : sample) {
			IndependentVerifier.verifyWithJwks(answer.token(), oldJwks);
			IndependentVerifier.verifyWithJwks(answer.token(), newJwks);
		}

		var client = old.api().post("/admin/clients", Map.of("name", "made on " + old.version(), "max_permissions", "all", "documents",
				List.of("*")), ADMIN).json();
		String[] clientKey = TestApi.apiKey((String) client.get("api_key"));
		assertThat(upgraded.api().post("/tokens", Map.of("document_id", "d"), clientKey).status()).isEqualTo(200);
		assertThat(upgraded.api().delete("/admin/clients/" + client.get("id"), ADMIN).status()).isEqualTo(204);
		Awaitility.await("the client revoked on " + upgraded.version() + " refused by " + old.version()).atMost(Duration.ofSeconds(30))
			.until(() -> old.api().post("/tokens", Map.of("document_id", "d"), clientKey).status() == 401);

		String user = "rolling-user-" + UUID.randomUUID();
		String grant = (String) upgraded.api().post("/admin/grants", Map.of("subject", "user:" + user, "document_id", "*", "permissions",
				"all"), ADMIN).json().get("id");
		String[] bearer = TestIdentityProvider.bearer(IDP.token(user, List.of(), null));
		var onOld = old.api().post("/tokens", Map.of("document_id", "d"), bearer);
		assertThat(onOld.status()).as("a grant made on %s, used on %s: %s", upgraded.version(), old.version(), onOld).isEqualTo(200);
		assertThat(old.api().delete("/admin/grants/" + grant, ADMIN).status()).isEqualTo(204);
		Awaitility.await("the grant deleted on " + old.version() + " refused by " + upgraded.version()).atMost(Duration.ofSeconds(30))
			.until(() -> upgraded.api().post("/tokens", Map.of("document_id", "d"), bearer).status() == 403);
	}

	private void assertEveryAnsweredTokenAuditedOnce(String jdbc) throws Exception {
		Map<String, Integer> audited = new HashMap<>();
		try (Connection connection = DriverManager.getConnection(jdbc);
				ResultSet rows = connection.createStatement().executeQuery("SELECT jti FROM audit_event WHERE jti IS NOT NULL")) {
			while (rows.next()) {
				audited.merge(rows.getString(1), 1, Integer::sum);
			}
		}
		for (Answer answer : List.copyOf(answers)) {
			assertThat(audited.get(answer.jti())).as("audit records of %s, answered by %s (%s)", answer.jti(), answer.node(), answer.version())
				.isEqualTo(1);
		}
	}

}
