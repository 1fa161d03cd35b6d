package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.Replica;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestKeystores;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A profile bound to a key of its own: it alone signs with that key, and that key signs for it alone. */
class ProfileKeyBindingTests {

	private static final String ADMIN_KEY = "binding-admin-key-0123456789abcdef";

	private static final String PASSWORD = "binding-pass-4711";

	private static Replica service;

	private static Path keystore;

	private static String clientKey;

	@BeforeAll
	static void start() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-binding");
		keystore = TestKeystores.create().rsa("shared-rsa", 2048).rsa("chat-rsa", 2048).writeTo(dir.resolve("keys/signing.p12"), PASSWORD);
		Map<String, Object> properties = Replica.settings(dir, ADMIN_KEY);
		properties.put("spring.datasource.url", "jdbc:h2:mem:binding;DB_CLOSE_DELAY=-1");
		properties.put("tokenmint.signing.keystore", keystore.toString());
		properties.put("tokenmint.signing.keystore-password", PASSWORD);
		properties.put("tokenmint.signing.generate-if-missing", "false");
		properties.put("tokenmint.profiles.moengage.enabled", "false");
		properties.put("tokenmint.profiles.custom.chat.algorithm", "RS256");
		properties.put("tokenmint.profiles.custom.chat.key-id", "chat-rsa");
		properties.put("tokenmint.profiles.custom.chat.claims[0].name", "sub");
		properties.put("tokenmint.profiles.custom.chat.claims[0].required", "true");
		service = Replica.start(properties);
		clientKey = (String) service.api().post("/admin/clients", Map.of("name", "binder", "max_permissions", "all", "documents",
				List.of("*"), "profiles", List.of("instant", "chat")), TestApi.apiKey(ADMIN_KEY)).json().get("api_key");
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	@Test
	void signsEachProfileWithItsOwnKey() throws Exception {
		String jwks = service.api().get("/.well-known/jwks.json").body();
		var instant = service.api().post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(clientKey)).json();
		var chat = service.api().post("/tokens", Map.of("profile", "chat", "sub", "u"), TestApi.apiKey(clientKey)).json();
		assertThat(instant).containsEntry("kid", "shared-rsa");
		assertThat(chat).containsEntry("kid", "chat-rsa");
		assertThat(IndependentVerifier.verifyWithJwks((String) chat.get("token"), jwks).getHeader().getKeyID()).isEqualTo("chat-rsa");
		assertThat(verify((String) chat.get("token"), "chat")).containsEntry("valid", true);
	}

	@Test
	void refusesATokenOfAnotherProfileSignedWithTheBoundKey() throws Exception {
		String forged = sign("chat-rsa", new JWTClaimsSet.Builder().claim("document_id", "d").claim("permissions", List.of("read-document"))
			.issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
		var report = verify(forged, "instant");
		assertThat(report).containsEntry("valid", false);
		assertThat(report.toString()).contains("KEY_NOT_FOR_PROFILE");
		String shared = sign("shared-rsa", new JWTClaimsSet.Builder().subject("u").audience("chat").issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
		assertThat(verify(shared, "chat").toString()).contains("KEY_NOT_FOR_PROFILE");
	}

	@Test
	void theBoundKeyIsNotActivatedOrRetiredByHand() {
		for (String action : List.of("activate?force=true", "retire")) {
			var answer = service.api().post("/admin/keys/chat-rsa/" + action, Map.of(), TestApi.apiKey(ADMIN_KEY));
			assertThat(answer.status()).as(action).isEqualTo(409);
			assertThat(answer.code()).isEqualTo("KEY_STATE_CONFLICT");
		}
	}

	private static Map<String, Object> verify(String token, String profile) {
		return service.api().post("/tokens/verify", Map.of("token", token, "profile", profile), TestApi.apiKey(clientKey)).json();
	}

	private static String sign(String alias, JWTClaimsSet claims) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, PASSWORD.toCharArray());
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(alias).build(), claims);
		jwt.sign(new RSASSASigner((PrivateKey) store.getKey(alias, PASSWORD.toCharArray())));
		return jwt.serialize();
	}

}
