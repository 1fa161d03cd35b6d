package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.tokenmint.support.EndToEndTest;
import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The cost ladder where tokenmint.bench.ladder=true: every rung answers a client, none with a token or a record. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CostLadderEnabledTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void ladder(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-ladder");
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("data/tokenmint"));
		registry.add("tokenmint.data-dir", () -> dir.resolve("data").toString());
		registry.add("tokenmint.signing.keystore", () -> dir.resolve("keys/dev.p12").toString());
		registry.add("tokenmint.admin.api-key", () -> EndToEndTest.ADMIN_KEY);
		registry.add("tokenmint.bench.ladder", () -> "true");
	}

	@Test
	void everyRungAnswersWithoutATokenOrARecord() {
		TestApi api = new TestApi(port);
		String key = (String) api.post("/admin/clients", Map.of("name", "ladder", "max_permissions", "all", "documents",
				List.of("*")), TestApi.apiKey(EndToEndTest.ADMIN_KEY)).json().get("api_key");
		long records = jdbc.sql("SELECT count(*) FROM audit_event WHERE kind = 'token'").query(Long.class).single();
		for (String rung : CostLadderTests.RUNGS) {
			var answer = api.post("/bench/ladder/" + rung, CostLadderTests.REQUEST, TestApi.apiKey(key));
			assertThat(answer.status()).as(rung).isBetween(200, 204);
			assertThat(answer.body()).as(rung).doesNotContain("eyJ");
		}
		assertThat(api.post("/bench/ladder/signed", CostLadderTests.REQUEST, TestApi.apiKey(key)).json().get("token_length"))
			.asString().isNotEqualTo("0");
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE kind = 'token'").query(Long.class).single()).isEqualTo(records);
		assertThat(api.post("/bench/ladder/signed", CostLadderTests.REQUEST).status()).as("without credentials").isEqualTo(401);
		assertThat(api.post("/bench/ladder/decided", Map.of("document_id", "doc-1", "permissions", List.of("nonsense")),
				TestApi.apiKey(key)).status()).as("a refusal is still a refusal").isBetween(400, 499);
	}

}
