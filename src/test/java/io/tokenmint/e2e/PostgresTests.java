package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.tokenmint.support.ConcurrentIssuance;
import io.tokenmint.support.EmbeddedPostgres;
import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The migrations, the client store and the audit on a real PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresTests {

	private static final String ADMIN_KEY = "postgres-admin-key-0123456789abcdef";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private TestApi api;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-pg");
		String url = EmbeddedPostgres.newDatabase("tokenmint_e2e");
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
		registry.add("tokenmint.data-dir", () -> dir.resolve("data").toString());
		registry.add("tokenmint.signing.keystore", () -> dir.resolve("keys/dev.p12").toString());
		registry.add("tokenmint.admin.api-key", () -> ADMIN_KEY);
	}

	@BeforeEach
	void connect() {
		api = new TestApi(port);
	}

	@Test
	void recordsExactlyOneAuditEntryPerConcurrentRequestOnPostgres() throws Exception {
		var created = api.post("/admin/clients", Map.of("name", "pg-conc", "max_permissions", "all", "documents", List.of("conc-*")),
				TestApi.apiKey(ADMIN_KEY)).json();
		ConcurrentIssuance.issueAndCheckAudit(api, (String) created.get("api_key"), (String) created.get("id"), jdbc, 8, 40);
	}

	@Test
	void anOnlineBackupIsTheEmbeddedDatabasesAndPostgresIsToldToUseItsOwnTools() {
		var refused = api.post("/admin/backup", "", TestApi.apiKey(ADMIN_KEY));
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.code()).isEqualTo("BACKUP_NOT_EMBEDDED");
		assertThat(refused.json().get("detail").toString()).contains("pg_dump");
	}

	@Test
	void runsTheMigrationsOnPostgres() {
		assertThat(jdbc.sql("SELECT version()").query(String.class).single()).startsWith("PostgreSQL");
		assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Integer.class).single()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void createsClientsIssuesTokensAndAuditsThemOnPostgres() {
		var created = api.post("/admin/clients", Map.of("name", "pg", "max_permissions", "all", "documents", List.of("pg-*")),
				TestApi.apiKey(ADMIN_KEY));
		assertThat(created.status()).isEqualTo(201);
		String key = (String) created.json().get("api_key");
		var issued = api.post("/tokens", Map.of("document_id", "pg-1", "user_id", "alice", "collaboration_permissions",
				List.of("comments:reply:all")), TestApi.apiKey(key));
		assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
		IndependentVerifier.verifyWithJwks((String) issued.json().get("token"), api.get("/.well-known/jwks.json").body());
		var refused = api.post("/tokens", Map.of("document_id", "other\u0000"), TestApi.apiKey(key));
		assertThat(refused.status()).isEqualTo(400);
		var rows = jdbc.sql("SELECT outcome, refusal_code, collaboration_permissions FROM audit_event WHERE caller_id = ? ORDER BY id")
			.param(created.json().get("id")).query().listOfRows();
		assertThat(rows).hasSize(2);
		assertThat(rows.get(0)).containsEntry("outcome", "ISSUED").containsEntry("collaboration_permissions", "[\"comments:reply:all\"]");
		assertThat(rows.get(1)).containsEntry("outcome", "REFUSED").containsEntry("refusal_code", "CONTROL_CHARACTERS");

		assertThat(api.delete("/admin/clients/" + created.json().get("id"), TestApi.apiKey(ADMIN_KEY)).status()).isEqualTo(204);
		assertThat(api.post("/tokens", Map.of("document_id", "pg-1"), TestApi.apiKey(key)).status()).isEqualTo(401);
	}

}
