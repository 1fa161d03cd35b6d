package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tokenmint.support.ConsoleSession;
import io.tokenmint.support.EmbeddedPostgres;
import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.Replica;
import io.tokenmint.support.StandInOperatorsIdentityProvider;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestIdentityProvider;
import io.tokenmint.support.TestKeystores;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two tokenmint instances sharing one PostgreSQL agree on clients, grants, keys and the audit. */
class ReplicasTests {

	private static final String ADMIN_KEY = "replicas-admin-key-0123456789abcdef";

	private static final String[] ADMIN = TestApi.apiKey(ADMIN_KEY);

	private static final TestIdentityProvider IDP = new TestIdentityProvider();

	private static final StandInOperatorsIdentityProvider OPERATORS = new StandInOperatorsIdentityProvider();

	private static Replica first;

	private static Replica second;

	@BeforeAll
	static void startTwoReplicas() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-replicas");
		Path keystore = TestKeystores.create().rsa("key-a", 2048).rsa("key-b", 2048).writeTo(dir.resolve("keys/shared.p12"), "shared-pass-1");
		Map<String, Object> properties = new HashMap<>();
		properties.putAll(EmbeddedPostgres.settings(EmbeddedPostgres.newDatabase("tokenmint_replicas")));
		properties.put("tokenmint.admin.api-key", ADMIN_KEY);
		properties.put("tokenmint.signing.keystore", keystore.toString());
		properties.put("tokenmint.signing.keystore-password", "shared-pass-1");
		properties.put("tokenmint.signing.generate-if-missing", "false");
		properties.put("tokenmint.signing.publish-ahead", "0s");
		properties.putAll(IDP.properties());
		properties.putAll(OPERATORS.properties());
		properties.put("tokenmint.data-dir", dir.resolve("data-1").toString());
		first = Replica.start(properties);
		properties.put("tokenmint.data-dir", dir.resolve("data-2").toString());
		second = Replica.start(properties);
	}

	@AfterAll
	static void stop() {
		second.close();
		first.close();
		OPERATORS.stop();
	}

	@Test
	void aConsoleSessionStartedOnOneReplicaWorksOnTheOther() {
		var onFirst = new ConsoleSession(first.port()).signIn(ADMIN_KEY);
		var onSecond = onFirst.on(second.port());
		assertThat(onSecond.get("/console/clients").statusCode()).isEqualTo(200);
		var created = onSecond.post("/console/grants", Map.of("subject", "user:replicated", "documentId", "r-1", "allPermissions", "true"));
		assertThat(created.statusCode()).as("a form whose CSRF token the other replica issued").isEqualTo(302);
		assertThat(first.api().get("/admin/grants?subject=user:replicated", ADMIN).jsonList()).hasSize(1);
		onFirst.get("/console");
		assertThat(onFirst.post("/console/sign-out", Map.of()).statusCode()).isEqualTo(302);
		assertThat(onSecond.get("/console/clients").statusCode()).as("signed out everywhere").isEqualTo(302);
	}

	@Test
	void anIdentityProviderSignInMayComeBackToAnotherReplica() {
		var browser = new ConsoleSession(first.port());
		var toProvider = browser.get("/oauth2/authorization/operators");
		assertThat(toProvider.statusCode()).isEqualTo(302);
		var back = browser.getUrl(toProvider.headers().firstValue("Location").orElseThrow());
		String callback = back.headers().firstValue("Location").orElseThrow();
		assertThat(callback).contains(":" + first.port() + "/login/oauth2/code/operators");
		var signedIn = browser.getUrl(callback.replace(":" + first.port() + "/", ":" + second.port() + "/"));
		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
		assertThat(signedIn.body()).contains("url=/console");
		assertThat(browser.on(second.port()).get("/console").statusCode()).isEqualTo(200);
		assertThat(browser.get("/console").statusCode()).isEqualTo(200);
	}

	/** How long the condition took to hold: real time between replicas, bounded generously. */
	private static Duration await(String what, java.util.concurrent.Callable<Boolean> condition) {
		long start = System.nanoTime();
		org.awaitility.Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(condition);
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static String createClient(Replica on, String documents) {
		return (String) on.api().post("/admin/clients", Map.of("name", "replicated", "max_permissions", "all",
				"documents", List.of(documents)), ADMIN).json().get("api_key");
	}

	@Test
	void aClientCreatedOnOneReplicaWorksOnTheOtherAtOnce() {
		String key = createClient(first, "*");
		var issued = second.api().post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(key));
		assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
		IndependentVerifier.verifyWithJwks((String) issued.json().get("token"), first.api().get("/.well-known/jwks.json").body());
	}

	@Test
	void aGrantDeletedOnOneReplicaStopsIssuingOnTheOtherWithinFiveSeconds() throws Exception {
		String user = "replica-user-" + java.util.UUID.randomUUID();
		String id = (String) first.api().post("/admin/grants", Map.of("subject", "user:" + user, "document_id", "*", "layer", "*",
				"permissions", "all"), ADMIN).json().get("id");
		String token = IDP.token(user, List.of(), null);
		assertThat(second.api().post("/tokens", Map.of("document_id", "d"), TestIdentityProvider.bearer(token)).status()).isEqualTo(200);
		assertThat(first.api().delete("/admin/grants/" + id, ADMIN).status()).isEqualTo(204);
		Duration took = await("the other replica refuses", () -> "NO_GRANT".equals(
				second.api().post("/tokens", Map.of("document_id", "d"), TestIdentityProvider.bearer(token)).code()));
		assertThat(took).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void aKeyActivatedOnOneReplicaSignsOnTheOtherWithinFiveSeconds() throws Exception {
		String key = createClient(first, "*");
		String current = (String) second.api().post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(key)).json().get("kid");
		String next = current.equals("key-a") ? "key-b" : "key-a";
		var activated = first.api().post("/admin/keys/" + next + "/activate", "", ADMIN);
		assertThat(activated.status()).as(activated.toString()).isEqualTo(200);
		Duration took = await("the other replica signs with " + next, () -> next.equals(
				second.api().post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(key)).json().get("kid")));
		assertThat(took).isLessThan(Duration.ofSeconds(5));
		String token = (String) second.api().post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(key)).json().get("token");
		IndependentVerifier.verifyWithJwks(token, first.api().get("/.well-known/jwks.json").body());
	}

	@Test
	@SuppressWarnings("unchecked")
	void bothReplicasAuditIntoOnePlace() {
		String key = createClient(first, "audit-both-*");
		String document = "audit-both-" + java.util.UUID.randomUUID();
		assertThat(first.api().post("/tokens", Map.of("document_id", document), TestApi.apiKey(key)).status()).isEqualTo(200);
		assertThat(second.api().post("/tokens", Map.of("document_id", document), TestApi.apiKey(key)).status()).isEqualTo(200);
		for (Replica replica : List.of(first, second)) {
			var items = (List<Map<String, Object>>) replica.api().get("/admin/audit?document_id=" + document, ADMIN).json().get("items");
			assertThat(items).hasSize(2);
		}
	}

}
