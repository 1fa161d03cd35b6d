package io.tokenmint.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.Replica;
import io.tokenmint.support.StandInDocumentEngine;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestClock;
import io.tokenmint.support.TestKeystores;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With managed keys, every profile signs from a line of keys of its own (the default): a MoEngage token is no
 * Braze token, and neither is an Instant one, even for the same user, at consumers that do not check {@code aud}.
 * Until a profile's first own key has been published ahead and delivered, the profile signs with its algorithm's
 * shared key. Consumers are sent only their profiles' keys: a Document Engine the instant profile's, a webhook the
 * profiles it names. Time is the test's ({@link TestClock}), so publish-ahead passes when the test says.
 */
class KeysPerProfileTests {

	private static final String ADMIN_KEY = "per-profile-admin-key-0123456789abcdef";

	private static final String[] ADMIN = TestApi.apiKey(ADMIN_KEY);

	private static final String DE_TOKEN = "per-profile-de-token-0123456789";

	private static final Duration PUBLISH_AHEAD = Duration.ofHours(1);

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final TestClock clock = TestClock.startingNow();

	private static final List<Map<String, Object>> notices = new CopyOnWriteArrayList<>();

	private static StandInDocumentEngine documentEngine;

	private static HttpServer webhook;

	private static Replica service;

	private static String clientKey;

	@BeforeAll
	static void start() throws Exception {
		documentEngine = new StandInDocumentEngine(DE_TOKEN, clock);
		webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 20);
		webhook.createContext("/keys", exchange -> {
			try (exchange) {
				notices.add(TestApi.JSON.readValue(exchange.getRequestBody().readAllBytes(), Map.class));
				exchange.sendResponseHeaders(204, -1);
			}
		});
		webhook.start();
		Path dir = Files.createTempDirectory("tokenmint-per-profile");
		Path keystore = TestKeystores.create().rsa("initial-rsa", 2048).ec("initial-ec", "secp256r1").aes("kek", "per-profile-pass-1")
			.writeTo(dir.resolve("keys/k.p12"), "per-profile-pass-1");
		Map<String, Object> properties = Replica.managedKeys(keystore, "per-profile-pass-1", ADMIN_KEY);
		properties.put("tokenmint.data-dir", dir.resolve("data").toString());
		properties.put("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("data/tokenmint") + ";WRITE_DELAY=0");
		properties.put("tokenmint.profiles.instant.algorithm", "ES256");
		properties.put("tokenmint.signing.publish-ahead", PUBLISH_AHEAD.toString());
		properties.put("tokenmint.signing.rotation.check-interval", "250ms");
		properties.put("tokenmint.signing.state-refresh", "500ms");
		properties.put("logging.level.root", "WARN");
		service = Replica.start(properties, Map.of("testClock", clock));
		clientKey = (String) service.api().post("/admin/clients", Map.of("name", "apps", "max_permissions", "all", "documents", List.of("*"),
				"profiles", List.of("instant", "moengage", "braze")), ADMIN).json().get("api_key");
	}

	@AfterAll
	static void stop() {
		service.close();
		documentEngine.close();
		webhook.stop(0);
	}

	@Test
	void eachProfileSignsWithItsOwnKeyAndEachConsumerGetsOnlyItsProfilesKeys() throws Exception {
		var docs = service.api().post("/admin/consumers", Map.of("type", "document-engine", "name", "docs", "url", documentEngine.baseUrl(),
				"api_token", DE_TOKEN), ADMIN);
		assertThat(docs.status()).as(docs.toString()).isEqualTo(201);
		assertThat(docs.json().get("profiles")).as("a Document Engine verifies Instant tokens only").isEqualTo(List.of("instant"));
		var hook = service.api().post("/admin/consumers", Map.of("type", "webhook", "name", "braze-dashboard", "url",
				"http://127.0.0.1:" + webhook.getAddress().getPort() + "/keys", "required", false, "profiles", List.of("braze")), ADMIN);
		assertThat(hook.status()).as(hook.toString()).isEqualTo(201);

		// Each profile's first key is generated at once, published ahead; meanwhile each signs with the shared key.
		await("a first key for each profile's own line").atMost(WAIT).untilAsserted(
				() -> assertThat(keysByProfile("PUBLISHED").keySet()).containsExactlyInAnyOrder("instant", "moengage", "braze"));
		assertThat(kidOf(token("moengage"))).isEqualTo("initial-rsa");
		assertThat(kidOf(token("braze"))).isEqualTo("initial-rsa");
		assertThat(kidOf(token("instant"))).isEqualTo("initial-ec");
		await("the Document Engine confirmed the instant profile's first key").atMost(WAIT)
			.until(() -> documentEngine.trustedNow().contains(der(keysByProfile("PUBLISHED").get("instant"))));

		clock.advance(PUBLISH_AHEAD);
		service.context().getBean(KeyRotation.class).wake();
		await("every profile signing with its own key").atMost(WAIT).untilAsserted(
				() -> assertThat(keysByProfile("ACTIVE").keySet()).containsExactlyInAnyOrder("instant", "moengage", "braze"));
		Map<String, Map<String, Object>> own = keysByProfile("ACTIVE");
		await("this replica signs with them").atMost(WAIT).untilAsserted(() -> {
			for (String profile : List.of("instant", "moengage", "braze")) {
				assertThat(kidOf(token(profile))).as(profile).isEqualTo(own.get(profile).get("kid"));
			}
		});

		String jwks = service.api().get("/.well-known/jwks.json").body();
		Map<String, String> tokens = new HashMap<>();
		for (String profile : List.of("instant", "moengage", "braze")) {
			String token = token(profile);
			tokens.put(profile, token);
			IndependentVerifier.verifyWithJwks(token, jwks);
			var pem = service.api().get("/keys/profiles/" + profile + ".pem");
			assertThat(pem.header("X-Key-Id")).as("the key " + profile + "'s dashboard takes").isEqualTo(own.get(profile).get("kid"));
			IndependentVerifier.verifyWithPem(token, pem.body());
		}
		// A MoEngage token is no Braze token: it does not verify against the key Braze holds, nor the other way round.
		String brazePem = service.api().get("/keys/profiles/braze.pem").body();
		String moengagePem = service.api().get("/keys/profiles/moengage.pem").body();
		assertThatThrownBy(() -> IndependentVerifier.verifyWithPem(tokens.get("moengage"), brazePem)).isInstanceOf(AssertionError.class);
		assertThatThrownBy(() -> IndependentVerifier.verifyWithPem(tokens.get("braze"), moengagePem)).isInstanceOf(AssertionError.class);
		var report = service.api().post("/tokens/verify", Map.of("token", tokens.get("moengage"), "profile", "braze"), TestApi.apiKey(clientKey));
		// In Braze's own words (KEY_NOT_FOR_PROFILE in tokenmint's): no public key of Braze's matches.
		assertThat(report.json()).as("tokenmint's own check names the mix-up").containsEntry("valid", false);
		assertThat(report.body()).contains("NO_MATCHING_PUBLIC_KEYS").contains("belongs to another profile's own keys")
			.doesNotContain("KEY_SHARED_WITH_PROFILES");
		assertThat(documentEngine.verify(tokens.get("instant"))).as("the Document Engine takes Instant tokens").isTrue();
		assertThat(documentEngine.verify(tokens.get("moengage"))).as("and no MoEngage token").isFalse();

		// Each consumer holds only its profiles' keys: the Document Engine instant's (and ES256's shared key, which
		// instant signed with until its own took over); the webhook braze's (and the RS256 shared one).
		Set<String> sdkKeys = Set.of(der(own.get("moengage")), der(own.get("braze")));
		assertThat(documentEngine.trustedNow()).contains(der(own.get("instant"))).doesNotContainAnyElementsOf(sdkKeys);
		await("the braze webhook was sent braze's key").atMost(WAIT)
			.until(() -> published().contains(own.get("braze").get("kid")));
		assertThat(published()).doesNotContain((String) own.get("moengage").get("kid"), (String) own.get("instant").get("kid"));
		assertThat(notices.stream().filter(notice -> own.get("braze").get("kid").equals(data(notice).get("kid"))))
			.allMatch(notice -> "braze".equals(data(notice).get("profile")));

		// A leaked Braze key goes alone: the emergency replaces braze's line and no other.
		var emergency = service.api().post("/admin/keys/rotate", Map.of("profile", "braze", "emergency", true), ADMIN);
		assertThat(emergency.status()).as(emergency.toString()).isEqualTo(200);
		String successor = (String) emergency.json().get("successor");
		assertThat(emergency.json().get("replaces")).isEqualTo(own.get("braze").get("kid"));
		assertThat(kidOf(token("braze"))).isEqualTo(successor);
		assertThat(kidOf(token("moengage"))).isEqualTo(own.get("moengage").get("kid"));
		assertThat(kidOf(token("instant"))).isEqualTo(own.get("instant").get("kid"));
		String after = service.api().get("/.well-known/jwks.json").body();
		assertThat(after).doesNotContain("\"" + own.get("braze").get("kid") + "\"").contains("\"" + own.get("moengage").get("kid") + "\"");
		assertThat(keysByProfile("ACTIVE").get("braze").get("kid")).isEqualTo(successor);
	}

	@Test
	void linesAndProfilesThatDoNotExistAreRefusedWithTheirReason() {
		var unknown = service.api().post("/admin/keys/rotate", Map.of("profile", "nope"), ADMIN);
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.body()).contains("/profile").contains("braze").doesNotContain("nope");
		var mismatch = service.api().post("/admin/keys/rotate", Map.of("profile", "braze", "algorithm", "ES256"), ADMIN);
		assertThat(mismatch.status()).isEqualTo(400);
		assertThat(mismatch.body()).contains("/algorithm").contains("RS256");
		var consumer = service.api().post("/admin/consumers", Map.of("type", "webhook", "name", "x", "url", "http://127.0.0.1:"
				+ webhook.getAddress().getPort() + "/keys", "profiles", List.of("braze", "nope\u202e")), ADMIN);
		assertThat(consumer.status()).isEqualTo(400);
		assertThat(consumer.body()).contains("/profiles/1").doesNotContain("nope");
		var everyProfile = service.api().post("/admin/consumers", Map.of("type", "webhook", "name", "all-profiles", "url", "http://127.0.0.1:"
				+ webhook.getAddress().getPort() + "/keys", "required", false, "profiles", List.of()), ADMIN);
		assertThat(everyProfile.status()).as("an empty list, as generated clients send one, is the default").isEqualTo(201);
		assertThat(everyProfile.json()).containsEntry("profiles", null);
		assertThat(service.api().delete("/admin/consumers/" + everyProfile.json().get("id"), ADMIN).status()).isEqualTo(204);
	}

	@Test
	void keysOfALineNoProfileSignsFromAnyMoreRetireAndTheProfilesGoBackToTheSharedKey() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-per-profile-off");
		Path keystore = TestKeystores.create().rsa("initial-rsa", 2048).aes("kek", "per-profile-pass-1")
			.writeTo(dir.resolve("keys/k.p12"), "per-profile-pass-1");
		TestClock time = TestClock.startingNow();
		Map<String, Object> properties = Replica.managedKeys(keystore, "per-profile-pass-1", ADMIN_KEY);
		properties.put("tokenmint.data-dir", dir.resolve("data").toString());
		properties.put("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("data/tokenmint") + ";WRITE_DELAY=0");
		properties.put("tokenmint.signing.publish-ahead", PUBLISH_AHEAD.toString());
		properties.put("tokenmint.signing.rotation.check-interval", "250ms");
		properties.put("logging.level.root", "WARN");
		try (Replica before = Replica.start(properties, Map.of("testClock", time))) {
			await("each profile's first key published").atMost(WAIT).until(() -> states(before).size() == 3);
			time.advance(PUBLISH_AHEAD);
			before.context().getBean(KeyRotation.class).wake();
			await("and signing").atMost(WAIT).until(() -> states(before).values().stream().allMatch("ACTIVE"::equals));
		}
		properties.put("tokenmint.signing.keys-per-profile", "false");
		try (Replica after = Replica.start(properties, Map.of("testClock", time))) {
			await("the keys of lines no profile signs from any more retired").atMost(WAIT)
				.until(() -> states(after).values().stream().allMatch("RETIRED"::equals));
			String client = (String) after.api().post("/admin/clients", Map.of("name", "apps", "max_permissions", "all", "documents",
					List.of("*"), "profiles", List.of("moengage", "braze")), ADMIN).json().get("api_key");
			for (String profile : List.of("moengage", "braze")) {
				var answer = after.api().post("/tokens", Map.of("profile", profile, "user_id", "u-1"), TestApi.apiKey(client));
				assertThat(kidOf((String) answer.json().get("token"))).as(profile).isEqualTo("initial-rsa");
			}
			assertThat(after.api().get("/admin/audit?kind=admin&limit=100", ADMIN).body()).contains("line no longer in use");
		}
	}

	/** The state of each key of a profile's own line, by kid. */
	private static Map<String, String> states(Replica replica) {
		return replica.api().get("/admin/keys", ADMIN).jsonList().stream()
			.filter(key -> key.get("profile") != null)
			.collect(Collectors.toMap(key -> (String) key.get("kid"), key -> (String) key.get("state")));
	}

	private static String token(String profile) {
		Map<String, Object> body = profile.equals("instant") ? Map.of("document_id", "doc-1", "user_id", "u-1")
				: Map.of("profile", profile, "user_id", "u-1");
		var answer = service.api().post("/tokens", body, TestApi.apiKey(clientKey));
		assertThat(answer.status()).as(profile + ": " + answer).isEqualTo(200);
		return (String) answer.json().get("token");
	}

	private static String kidOf(String token) throws java.text.ParseException {
		return SignedJWT.parse(token).getHeader().getKeyID();
	}

	/** The managed keys of the profiles' own lines in one state, by profile. */
	private static Map<String, Map<String, Object>> keysByProfile(String state) {
		return service.api().get("/admin/keys", ADMIN).jsonList().stream()
			.filter(key -> key.get("profile") != null && state.equals(key.get("state")))
			.collect(Collectors.toMap(key -> (String) key.get("profile"), key -> key, (a, b) -> a));
	}

	/** A key's public part as base64 DER, as the stand-in Document Engine lists what it trusts. */
	private static String der(Map<String, Object> key) {
		String pem = service.api().get("/keys/" + key.get("kid") + ".pem").body();
		return Base64.getEncoder().encodeToString(Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "")));
	}

	private static List<String> published() {
		return notices.stream().filter(notice -> "key.published".equals(notice.get("type"))).map(notice -> (String) data(notice).get("kid"))
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(Map<String, Object> notice) {
		return (Map<String, Object>) notice.get("data");
	}

}
