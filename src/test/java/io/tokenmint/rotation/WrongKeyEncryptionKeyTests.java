package io.tokenmint.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tokenmint.support.EmbeddedPostgres;
import io.tokenmint.support.Replica;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestKeystores;

import org.junit.jupiter.api.Test;

/** Started with a key-encryption key other than the one the managed keys were wrapped under, tokenmint refuses and changes nothing. */
class WrongKeyEncryptionKeyTests {

	private static final String ADMIN_KEY = "wrong-kek-admin-key-0123456789abcdef";

	@Test
	void refusesToStartAndDestroysNothing() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-wrong-kek");
		String jdbc = EmbeddedPostgres.newDatabase("tokenmint_wrong_kek");
		Path right = TestKeystores.create().rsa("initial", 2048).aes("kek", "kek-pass-1").writeTo(dir.resolve("keys/right.p12"), "kek-pass-1");
		Path wrong = TestKeystores.create().rsa("initial", 2048).aes("kek", "kek-pass-1").writeTo(dir.resolve("keys/wrong.p12"), "kek-pass-1");
		String successor;
		try (Replica replica = Replica.start(settings(dir, jdbc, right))) {
			var rotated = replica.api().post("/admin/keys/rotate", Map.of("algorithm", "RS256"), TestApi.apiKey(ADMIN_KEY));
			assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
			successor = (String) rotated.json().get("successor");
			assertThat(rotated.json().get("status")).isEqualTo("scheduled");
		}
		List<String> before = rows(jdbc);

		assertThatThrownBy(() -> Replica.start(settings(dir, jdbc, wrong))).hasStackTraceContaining("managed key " + successor)
			.hasStackTraceContaining("cannot be unwrapped with key-encryption key 'kek'")
			.hasStackTraceContaining("Nothing was changed");
		assertThat(rows(jdbc)).isEqualTo(before);

		try (Replica replica = Replica.start(settings(dir, jdbc, right))) {
			assertThat(replica.api().get("/admin/keys", TestApi.apiKey(ADMIN_KEY)).body()).contains(successor).contains("\"source\":\"managed\"");
		}
	}

	private static Map<String, Object> settings(Path dir, String jdbc, Path keystore) {
		Map<String, Object> properties = Replica.settings(dir, ADMIN_KEY);
		properties.putAll(EmbeddedPostgres.settings(jdbc));
		properties.put("tokenmint.signing.keystore", keystore.toString());
		properties.put("tokenmint.signing.keystore-password", "kek-pass-1");
		properties.put("tokenmint.signing.generate-if-missing", "false");
		properties.put("tokenmint.signing.kek-alias", "kek");
		properties.put("tokenmint.profiles.moengage.enabled", "false");
		properties.put("tokenmint.profiles.braze.enabled", "false");
		// One managed key in all, the successor, so that the refusal names it whichever key the ring unwraps first.
		properties.put("tokenmint.signing.keys-per-profile", "false");
		return properties;
	}

	/** Everything stored of the managed keys and their states. */
	private static List<String> rows(String jdbc) throws Exception {
		List<String> rows = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(jdbc, "postgres", "");
				ResultSet rs = connection.createStatement().executeQuery("""
						SELECT m.kid, m.wrapped_private, m.destroyed_at, s.state, s.published_until
						FROM managed_key m JOIN signing_key_state s ON s.kid = m.kid ORDER BY m.kid""")) {
			while (rs.next()) {
				rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|" + rs.getString(5));
			}
		}
		return rows;
	}

}
