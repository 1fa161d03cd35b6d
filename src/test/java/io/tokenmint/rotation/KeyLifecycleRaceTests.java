package io.tokenmint.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import io.tokenmint.support.ConsoleSession;
import io.tokenmint.support.EmbeddedPostgres;
import io.tokenmint.support.Replica;
import io.tokenmint.support.StandInDocumentEngine;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestKeystores;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Tries to break the key lifecycle's invariants the way a real deployment would: two replicas on one
 * PostgreSQL, operators firing activate, retire, rotate and emergency rotations (with and without force and
 * override) at both at once, through the API and the console, consumers registered and removed meanwhile, the
 * schedule rotating on its own every few seconds, and tokens being issued all along. Each try is a random
 * sequence of rounds; the calls of a round are released together. After every round, and continuously in
 * between, the invariants of {@code KeyLifecycle} must hold:
 * <ul>
 * <li>exactly one ACTIVE key per line (each algorithm's shared line, and each profile's own once its first key
 * signed; before that, none), watched by a thread that reads the table without pause;</li>
 * <li>a key once retired stays retired, a destroyed key never signs or comes back;</li>
 * <li>a call answered 2xx left its events, and a refused call left none (a successor generated for a refused
 * emergency aside: generating is a step of its own, and it committed);</li>
 * <li>an answered emergency left its successor signing (or replaced since) and every key it replaced retired,
 * withdrawn at its moment and, if managed, destroyed;</li>
 * <li>no token request fails.</li>
 * </ul>
 */
class KeyLifecycleRaceTests {

	private static final String ADMIN_KEY = "race-admin-key-0123456789abcdef";

	private static final String[] ADMIN = TestApi.apiKey(ADMIN_KEY);

	private static final String DE_TOKEN = "race-de-token-0123456789";

	/**
	 * The lines of keys: each algorithm's shared line by its name, and the profiles' own (keys per profile are on by
	 * default with managed keys): instant on ES256, moengage and braze on RS256.
	 */
	private static final List<String> LINES = List.of("RS256", "ES256", "instant", "moengage", "braze");

	private static final Set<String> SHARED = Set.of("RS256", "ES256");

	/** Profile lines seen with an active key: from then on they have exactly one. */
	private static final Set<String> linesStarted = java.util.concurrent.ConcurrentHashMap.newKeySet();

	/** What an operator may be told when a step cannot be taken; anything else (a 5xx above all) is a failure. */
	private static final Set<String> DOCUMENTED_REFUSALS = Set.of("KEY_STATE_CONFLICT", "KEY_NOT_PUBLISHED_LONG_ENOUGH",
			"KEY_NOT_DELIVERED", "ROTATION_BUSY", "KEY_NOT_FOUND", "CONSUMER_NOT_FOUND");

	private static final AtomicInteger calls = new AtomicInteger();

	private static StandInDocumentEngine documentEngine;

	private static HttpServer webhook;

	private static Replica first;

	private static Replica second;

	private static List<ConsoleSession> consoles;

	private static String jdbcUrl;

	private static String clientKey;

	private static final AtomicBoolean running = new AtomicBoolean(true);

	private static final List<String> tokenFailures = new CopyOnWriteArrayList<>();

	private static final List<String> invariantBreaks = new CopyOnWriteArrayList<>();

	private static final AtomicInteger tokensIssued = new AtomicInteger();

	private static final List<Thread> background = new ArrayList<>();

	/** How the calls ended, by kind, printed at the end: a run where everything was refused would prove little. */
	private static final Map<String, Integer> outcomes = new java.util.concurrent.ConcurrentSkipListMap<>();

	/** Keys seen retired or destroyed so far: neither may ever come back. */
	private static final Set<String> retiredSeen = new HashSet<>();

	private static final Set<String> destroyedSeen = new HashSet<>();

	@BeforeContainer
	static void start() throws Exception {
		documentEngine = new StandInDocumentEngine(DE_TOKEN);
		webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 20);
		webhook.createContext("/keys", exchange -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				exchange.sendResponseHeaders(204, -1);
			}
		});
		webhook.start();
		Path dir = Files.createTempDirectory("tokenmint-races");
		Path keystore = TestKeystores.create().rsa("initial-rsa", 2048).ec("initial-ec", "secp256r1").aes("kek", "race-pass-1")
			.writeTo(dir.resolve("keys/k.p12"), "race-pass-1");
		jdbcUrl = EmbeddedPostgres.newDatabase("tokenmint_races");
		Map<String, Object> properties = Replica.managedKeys(keystore, "race-pass-1", ADMIN_KEY);
		properties.putAll(EmbeddedPostgres.settings(jdbcUrl));
		properties.put("tokenmint.profiles.instant.algorithm", "ES256");
		properties.put("tokenmint.signing.rotation.every", "3s");
		properties.put("tokenmint.signing.rotation.check-interval", "200ms");
		properties.put("tokenmint.signing.rotation.retry-first", "200ms");
		properties.put("tokenmint.signing.rotation.retry-max", "1s");
		properties.put("tokenmint.signing.rotation.request-timeout", "2s");
		properties.put("tokenmint.signing.rotation.delivery-budget", "4s");
		properties.put("tokenmint.signing.publish-ahead", "1s");
		properties.put("tokenmint.signing.state-refresh", "300ms");
		properties.put("tokenmint.default-expires-in", "2");
		properties.put("tokenmint.max-expires-in", "3");
		properties.put("tokenmint.verify-leeway", "1");
		properties.put("tokenmint.profiles.moengage.default-expires-in", "2");
		properties.put("tokenmint.profiles.braze.default-expires-in", "2");
		properties.put("tokenmint.rate-limit.enabled", "false");
		properties.put("logging.level.root", "WARN");
		properties.put("logging.level.io.tokenmint", "ERROR");
		properties.put("tokenmint.data-dir", dir.resolve("data-1").toString());
		first = Replica.start(properties);
		properties.put("tokenmint.data-dir", dir.resolve("data-2").toString());
		second = Replica.start(properties);
		consoles = List.of(new ConsoleSession(first.port()).signIn(ADMIN_KEY), new ConsoleSession(second.port()).signIn(ADMIN_KEY));
		assertThat(first.api().post("/admin/consumers", Map.of("type", "document-engine", "name", "docs", "url", documentEngine.baseUrl(),
				"api_token", DE_TOKEN), ADMIN).status()).isEqualTo(201);
		clientKey = (String) first.api().post("/admin/clients", Map.of("name", "load", "max_permissions", "all", "documents", List.of("*"),
				"profiles", List.of("instant", "moengage", "braze")), ADMIN).json().get("api_key");
		for (Replica replica : List.of(first, second)) {
			background.add(daemon(() -> issueTokens(replica)));
		}
		background.add(daemon(KeyLifecycleRaceTests::watchOneActiveKey));
	}

	@AfterContainer
	static void stop() throws Exception {
		running.set(false);
		for (Thread thread : background) {
			thread.join(10_000);
		}
		second.close();
		first.close();
		documentEngine.close();
		webhook.stop(0);
		System.out.println("Key lifecycle races: " + calls.get() + " calls, " + outcomes + "; " + tokensIssued.get() + " tokens issued beside them");
		assertThat(tokensIssued.get()).as("tokens issued beside the races").isGreaterThan(100);
		// A run where nearly everything was refused would prove little. Which kinds succeed is chance (a retirement
		// needs a successor that is still waiting when the call comes: 2 to 25 of them a run), so the floor is on all.
		int changed = List.of("activate", "retire", "rotate", "emergency").stream().mapToInt(kind -> outcomes.getOrDefault(kind + " done", 0)).sum();
		assertThat(changed).as("key steps that succeeded, in " + outcomes).isGreaterThanOrEqualTo(20);
	}

	/** What an operator does. {@code pick} chooses among the keys as they are when the call is made. */
	record Action(String kind, int replica, boolean console, int pick, String line, boolean force, boolean override) {

		@Override
		public String toString() {
			return kind + "(" + line + ", pick " + pick + (force ? ", force" : "") + (override ? ", override" : "") + ") at "
					+ (replica == 0 ? "first" : "second") + (console ? " console" : " API");
		}

	}

	/**
	 * Rounds that collide: most aim all their calls at one key (one of the newest few, where the life is: the
	 * active key and its successors), so that activate, retire and emergencies meet on the same rows.
	 */
	@Provide
	Arbitrary<List<List<Action>>> rounds() {
		Arbitrary<String> kinds = Arbitraries.of("activate", "activate", "activate", "retire", "retire", "rotate", "rotate", "emergency",
				"add-consumer", "remove-consumer");
		Arbitrary<List<Action>> round = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(LINES),
				Arbitraries.of(true, true, false))
			.flatAs((pick, line, collide) -> Combinators.combine(kinds, Arbitraries.integers().between(0, 1), Arbitraries.of(true, false),
					Arbitraries.integers().between(0, 2), Arbitraries.of(LINES), Arbitraries.of(true, true, false), Arbitraries.of(true, true, false))
				.as((kind, replica, console, ownPick, ownLine, force, override) -> new Action(kind, replica, console,
						collide ? pick : ownPick, collide ? line : ownLine, force, override))
				.list()
				.ofMinSize(2)
				.ofMaxSize(5));
		return round.list().ofMinSize(1).ofMaxSize(3);
	}

	@Property(tries = 50, shrinking = net.jqwik.api.ShrinkingMode.OFF)
	void noInterleavingOfKeyStepsBreaksTheInvariants(@ForAll("rounds") List<List<Action>> rounds) throws Exception {
		for (List<Action> round : rounds) {
				List<Call> done = fireTogether(round);
			done.forEach(call -> outcomes.merge(call.action().kind() + (call.succeeded() ? " done" : " " + call.code()), 1, Integer::sum));
			checkAfter(done);
		}
		assertThat(tokenFailures).as("token requests that failed").isEmpty();
		assertThat(invariantBreaks).as("moments with other than one active key per line").isEmpty();
	}

	/** One call made, as answered. */
	record Call(Action action, String agent, Instant started, Instant answered, int status, String body) {

		/** The refusal's code, from the problem body or the console page's problem box. */
		String code() {
			java.util.regex.Matcher code = java.util.regex.Pattern.compile(action.console() ? "<code>([A-Z_]+)</code>" : "\"code\":\"([A-Z_]+)\"")
				.matcher(body);
			return code.find() ? code.group(1) : "HTTP " + status;
		}

		/**
		 * Short, and cheap: it is in the description of every assertion after a round, one per key, and the keys pile up
		 * over a run (rewriting each refused console page's whole HTML for each of them once took this test past 20 minutes
		 * under load). The refusal's code says what happened; the body is in the assertion that looks at it.
		 */
		@Override
		public String toString() {
			return action + " as " + agent + ": " + status + (succeeded() ? "" : " " + code());
		}

		boolean succeeded() {
			if (action.console()) {
				return status == 302 || (status == 200 && body.contains("id=\"rotation-result\"")) || (status == 200
						&& body.contains("registered</h1>"));
			}
			return status >= 200 && status < 300;
		}

	}

	private static List<Call> fireTogether(List<Action> round) throws InterruptedException {
		CountDownLatch go = new CountDownLatch(1);
		List<Call> answered = new CopyOnWriteArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (Action action : round) {
			String agent = "race-" + calls.incrementAndGet();
			String target = target(action);
			threads.add(daemon(() -> {
				try {
					go.await();
					Instant started = Instant.now();
					var answer = call(action, target, agent);
					answered.add(new Call(action, agent, started, Instant.now(), answer.status(), answer.body()));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
		}
		go.countDown();
		for (Thread thread : threads) {
			thread.join(60_000);
		}
		return answered;
	}

	/**
	 * The kid (or consumer id) an action is aimed at, chosen among those that exist now: published successors
	 * first, where activate, retire and the emergency meet, then the active key, then retired ones.
	 */
	private static String target(Action action) {
		if (action.kind().equals("remove-consumer")) {
			List<Map<String, Object>> all = first.api().get("/admin/consumers", ADMIN).jsonList().stream()
				.filter(consumer -> !"docs".equals(consumer.get("name")))
				.toList();
			return all.isEmpty() ? "no-such-consumer" : (String) all.get(action.pick() % all.size()).get("id");
		}
		List<String> kids = new ArrayList<>();
		try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
				var statement = db.prepareStatement("""
						SELECT s.kid FROM signing_key_state s LEFT JOIN managed_key m ON m.kid = s.kid
						WHERE COALESCE(s.profile, s.algorithm) = ? AND m.destroyed_at IS NULL
						ORDER BY CASE s.state WHEN 'PUBLISHED' THEN 0 WHEN 'ACTIVE' THEN 1 ELSE 2 END, s.first_published_at DESC, s.kid""")) {
			statement.setString(1, action.line());
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					kids.add(rows.getString(1));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return kids.isEmpty() ? "no-such-key" : kids.get(action.pick() % kids.size());
	}

	private static TestApi.Response call(Action given, String target, String agent) {
		// A handful of consumers at a time: each new one is sent every published key, and they are not the subject.
		Action action = given.kind().equals("add-consumer") && first.api().get("/admin/consumers", ADMIN).jsonList().size() > 3
				? new Action("remove-consumer", given.replica(), given.console(), given.pick(), given.line(), given.force(), given.override())
				: given;
		Replica replica = action.replica() == 0 ? first : second;
		String[] headers = { "X-Api-Key", ADMIN_KEY, "User-Agent", agent };
		if (action.console()) {
			ConsoleSession console = consoles.get(action.replica());
			synchronized (console) {
				console.get("/console/keys");
				var answer = switch (action.kind()) {
					case "activate" -> console.postWith("/console/keys/" + target + "/activate", Map.of("force", "" + action.force(),
							"overrideConsumers", "" + action.override()), "User-Agent", agent);
					case "retire" -> console.postWith("/console/keys/" + target + "/retire", Map.of(), "User-Agent", agent);
					case "rotate", "emergency" -> console.postWith("/console/consumers/rotate", Map.of("line",
							SHARED.contains(action.line()) ? action.line() : "profile:" + action.line(),
							"emergency", "" + action.kind().equals("emergency"), "overrideConsumers", "" + action.override()), "User-Agent", agent);
					case "add-consumer" -> console.postWith("/console/consumers", Map.of("type", "webhook", "name", "hook-" + agent, "url",
							"http://127.0.0.1:" + webhook.getAddress().getPort() + "/keys", "required", "false"), "User-Agent", agent);
					default -> console.postWith("/console/consumers/" + target + "/delete", Map.of(), "User-Agent", agent);
				};
				return new TestApi.Response(answer.statusCode(), answer.headers().map(), answer.body());
			}
		}
		return switch (action.kind()) {
			case "activate" -> replica.api().post("/admin/keys/" + target + "/activate?force=" + action.force() + "&override_consumers="
					+ action.override(), "", headers);
			case "retire" -> replica.api().post("/admin/keys/" + target + "/retire", "", headers);
			case "rotate", "emergency" -> replica.api().post("/admin/keys/rotate", Map.of(SHARED.contains(action.line()) ? "algorithm" : "profile",
					action.line(), "emergency",
					action.kind().equals("emergency"), "override_consumers", action.override()), headers);
			case "add-consumer" -> replica.api().post("/admin/consumers", Map.of("type", "webhook", "name", "hook-" + agent, "url",
					"http://127.0.0.1:" + webhook.getAddress().getPort() + "/keys", "required", false), headers);
			default -> replica.api().delete("/admin/consumers/" + target, headers);
		};
	}

	private static void checkAfter(List<Call> calls) throws SQLException {
		String round = calls.toString();
		try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
			Map<String, KeyRow> keys = keys(db);
			for (String line : LINES) {
				long active = keys.values().stream().filter(key -> key.line().equals(line) && key.state.equals("ACTIVE")).count();
				if (active > 0) {
					linesStarted.add(line);
				}
				assertThat(active).as("active keys of " + line + " after " + round).isEqualTo(SHARED.contains(line) || linesStarted.contains(line) ? 1 : 0);
			}
			for (KeyRow key : keys.values()) {
				if (retiredSeen.contains(key.kid)) {
					assertThat(key.state).as(key.kid + " was retired before " + round).isEqualTo("RETIRED");
				}
				if (destroyedSeen.contains(key.kid) || key.destroyedAt != null) {
					assertThat(key.state).as(key.kid + " is destroyed").isEqualTo("RETIRED");
					assertThat(key.destroyedAt).as(key.kid + " destroyed once, for good").isNotNull();
				}
			}
			keys.values().stream().filter(key -> key.state.equals("RETIRED")).forEach(key -> retiredSeen.add(key.kid));
			keys.values().stream().filter(key -> key.destroyedAt != null).forEach(key -> destroyedSeen.add(key.kid));
			for (Call call : calls) {
				List<Event> events = events(db, call.agent());
				if (!call.succeeded()) {
					assertThat(call.code()).as("a documented refusal: " + call + " " + excerpt(call.body()))
						.isIn(DOCUMENTED_REFUSALS);
					assertThat(events).as("events of a refused call " + call.action() + ": " + call.status() + " " + excerpt(call.body()))
						.allMatch(event -> event.action.equals("key.generated"));
					continue;
				}
				switch (call.action().kind()) {
					case "activate" -> assertThat(events).extracting(Event::action).as(call.action().toString()).containsExactly("key.activated");
					case "retire" -> assertThat(events).extracting(Event::action).as(call.action().toString()).containsExactly("key.retired");
					case "emergency" -> checkEmergency(call, events, keys);
					default -> {
						// rotate: a successor generated, or the one waiting named; consumers: one event each
					}
				}
			}
		}
	}

	/** Everything the emergency replaced is retired, out of the JWKS from its moment on, and destroyed if managed. */
	private static void checkEmergency(Call call, List<Event> events, Map<String, KeyRow> keys) {
		Event activated = events.stream().filter(event -> event.action.equals("key.activated")).findFirst().orElseThrow(
				() -> new AssertionError("an answered emergency without its activation: " + events));
		assertThat(activated.details).contains("\"by\":\"emergency\"");
		for (KeyRow key : keys.values()) {
			if (!key.line().equals(call.action().line()) || key.kid.equals(activated.target)
					|| key.firstPublishedAt.isAfter(activated.at) || key.activatedAt != null && key.activatedAt.isAfter(activated.at)) {
				continue;
			}
			assertThat(key.state).as(key.kid + " after the emergency of " + activated.target).isEqualTo("RETIRED");
			assertThat(key.publishedUntil).as(key.kid + " withdrawn by the emergency").isNotNull().isBeforeOrEqualTo(activated.at.plusMillis(1));
			if (key.managed) {
				assertThat(key.destroyedAt).as(key.kid + " destroyed by the emergency").isNotNull();
			}
		}
	}

	private static String excerpt(String body) {
		return body.length() > 300 ? body.substring(0, 300) : body;
	}

	record KeyRow(String kid, String algorithm, String profile, String state, Instant firstPublishedAt, Instant activatedAt,
			Instant publishedUntil, boolean managed, Instant destroyedAt) {

		/** The line's name as {@link #LINES} has it. */
		String line() {
			return profile != null ? profile : algorithm;
		}

	}

	record Event(String action, String target, Instant at, String details) {
	}

	private static Map<String, KeyRow> keys(Connection db) throws SQLException {
		Map<String, KeyRow> keys = new HashMap<>();
		try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery("""
				SELECT s.kid, s.algorithm, s.profile, s.state, s.first_published_at, s.activated_at, s.published_until, m.kid AS managed,
				       m.destroyed_at
				FROM signing_key_state s LEFT JOIN managed_key m ON m.kid = s.kid""")) {
			while (rows.next()) {
				keys.put(rows.getString(1), new KeyRow(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), instant(rows, 5),
						instant(rows, 6), instant(rows, 7), rows.getString(8) != null, instant(rows, 9)));
			}
		}
		return keys;
	}

	private static List<Event> events(Connection db, String agent) throws SQLException {
		List<Event> events = new ArrayList<>();
		try (var statement = db.prepareStatement(
				"SELECT action, target, occurred_at, details FROM audit_event WHERE kind = 'admin' AND user_agent = ? ORDER BY id")) {
			statement.setString(1, agent);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					events.add(new Event(rows.getString(1), rows.getString(2), instant(rows, 3), rows.getString(4)));
				}
			}
		}
		return events;
	}

	private static Instant instant(ResultSet rows, int column) throws SQLException {
		var value = rows.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}

	private static Thread daemon(Runnable work) {
		Thread thread = new Thread(work);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static void issueTokens(Replica replica) {
		while (running.get()) {
			for (String profile : List.of("instant", "moengage", "braze")) {
				Map<String, Object> body = profile.equals("instant") ? Map.of("document_id", "doc-1")
						: Map.of("profile", profile, "user_id", "u-1");
				var answer = replica.api().post("/tokens", body, TestApi.apiKey(clientKey));
				if (answer.status() == 200) {
					tokensIssued.incrementAndGet();
				}
				else {
					tokenFailures.add(profile + ": " + answer);
				}
				// A steady trickle, not a flood: the cores are for the races.
				java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
			}
		}
	}

	/**
	 * Reads the states without pause: every committed moment must have one active key per shared line, and per profile
	 * line once it has had one (a line it sees started counts as started from then on).
	 */
	private static void watchOneActiveKey() {
		Set<String> watcherStarted = new HashSet<>();
		try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
			while (running.get()) {
				Map<String, Integer> active = new HashMap<>();
				try (Statement statement = db.createStatement();
						ResultSet rows = statement.executeQuery("SELECT COALESCE(profile, algorithm), COUNT(*) FROM signing_key_state "
								+ "WHERE state = 'ACTIVE' GROUP BY COALESCE(profile, algorithm)")) {
					while (rows.next()) {
						active.put(rows.getString(1), rows.getInt(2));
					}
				}
				for (String line : LINES) {
					int count = active.getOrDefault(line, 0);
					if (count > 0) {
						watcherStarted.add(line);
					}
					if (count != (SHARED.contains(line) || watcherStarted.contains(line) ? 1 : 0)) {
						invariantBreaks.add(Instant.now() + " " + line + ": " + active);
					}
				}
			}
		}
		catch (SQLException ex) {
			invariantBreaks.add("watcher failed: " + ex.getMessage());
		}
	}

}
