package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs a full session with debug logging on (start-up with a generated keystore and admin key, clients,
 * tokens, errors) and checks that no secret reached the log or an error body.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"logging.level.io.tokenmint=TRACE", "logging.level.org.springframework.web=DEBUG",
		"logging.level.org.springframework.security=DEBUG", "logging.level.org.springframework.jdbc=DEBUG",
		"logging.level.org.apache.catalina=DEBUG" })
class SecretsStayOutOfLogsTests {

	private static final Path DIR = createDir();

	@LocalServerPort
	int port;

	private static Path createDir() {
		try {
			return Files.createTempDirectory("tokenmint-secrets");
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void generatedSecrets(DynamicPropertyRegistry registry) {
		// No admin key and no keystore password configured: both are generated, as on a first real start.
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + DIR.resolve("data/tokenmint"));
		registry.add("tokenmint.data-dir", () -> DIR.resolve("data").toString());
		registry.add("tokenmint.signing.keystore", () -> DIR.resolve("keys/tokenmint-dev.p12").toString());
		registry.add("tokenmint.admin.api-key", () -> "");
	}

	@Test
	void noSecretReachesTheLogOrAnErrorBody(CapturedOutput output) throws Exception {
		var api = new TestApi(port);
		String adminKey = Files.readString(DIR.resolve("data/admin-api-key")).strip();
		String keystorePassword = Files.readString(DIR.resolve("keys/tokenmint-dev.p12.password")).strip();
		String[] admin = TestApi.apiKey(adminKey);
		List<String> bodies = new ArrayList<>();

		var created = api.post("/admin/clients", Map.of("name", "c", "max_permissions", "all", "documents", List.of("*"),
				"may_set_password", true), admin);
		String clientKey = (String) created.json().get("api_key");
		var rotated = api.post("/admin/clients/" + created.json().get("id") + "/key", "", admin);
		String oldKey = clientKey;
		clientKey = (String) rotated.json().get("api_key");
		String pdfPassword = "pdf-password-Zq9xW";
		var issued = api.post("/tokens", Map.of("document_id", "d", "password", pdfPassword, "user_id", "u"), TestApi.apiKey(clientKey));
		assertThat(issued.status()).isEqualTo(200);
		String token = (String) issued.json().get("token");
		bodies.add(api.post("/tokens/verify", Map.of("token", token), TestApi.apiKey(clientKey)).body());
		bodies.add(api.post("/tokens/verify", Map.of("token", token + "x"), TestApi.apiKey(clientKey)).body());
		// Errors whose natural message would quote the secret back.
		bodies.add(api.post("/tokens", "{\"document_id\":\"d\",\"password\":\"" + pdfPassword + "\"", TestApi.apiKey(clientKey)).body());
		bodies.add(api.post("/tokens", "{\"document_id\":\"d\",\"password\":" + pdfPassword + "}", TestApi.apiKey(clientKey)).body());
		bodies.add(api.post("/tokens", "{\"document_id\":\"d\",\"password\":[\"" + pdfPassword + "\"]}", TestApi.apiKey(clientKey)).body());
		bodies.add(api.post("/tokens", "{\"" + pdfPassword + "\":1}", TestApi.apiKey(clientKey)).body().replace("/" + pdfPassword, ""));
		bodies.add(api.post("/tokens/verify", "{\"token\":" + token + "}", TestApi.apiKey(clientKey)).body());
		bodies.add(api.post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(oldKey)).body());
		bodies.add(api.post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(adminKey + "x")).body());
		bodies.add(api.post("/tokens", "{", "X-Api-Key", clientKey, "Authorization", "Bearer " + token).body());
		bodies.add(api.get("/admin/clients", TestApi.apiKey(clientKey)).body());

		String log = output.getAll();
		assertThat(log).as("the log must show the run happened").contains("Generated an admin API key").contains("DEVELOPMENT SIGNING KEY");
		String[] parts = token.split("\\.");
		for (String secret : List.of(adminKey, clientKey, oldKey, keystorePassword, pdfPassword, parts[1], parts[2])) {
			assertThat(log).doesNotContain(secret);
			assertThat(bodies).allSatisfy(body -> assertThat(body).doesNotContain(secret));
		}
		assertThat(log).doesNotContain("PRIVATE KEY");
	}

}
