package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tokenmint.support.EndToEndTest;
import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

class TokenIssuanceTests extends EndToEndTest {

	@Autowired
	JdbcClient jdbc;

	private Map<String, Object> issue(String key, Object body) {
		var response = api.post("/tokens", body, TestApi.apiKey(key));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	@Test
	void issuesATokenThatVerifiesWithAnotherLibraryAgainstJwksAndPem() throws Exception {
		String key = createClient(List.of("read-document", "write", "download"), List.of("doc-*"));
		var answer = issue(key, Map.of("document_id", "doc-42", "layer", "review", "user_id", "alice",
				"permissions", List.of("read-document", "write", "download"), "creator_name", "Alice Liddell", "group", "reviewers",
				"collaboration_permissions", List.of("annotations:view:all", "annotations:edit:self"), "password", "pdf-secret",
				"expires_in", 1800));
		String token = (String) answer.get("token");

		var jwks = api.get("/.well-known/jwks.json");
		assertThat(jwks.status()).isEqualTo(200);
		assertThat(jwks.header("Cache-Control")).contains("max-age");
		var fromJwks = IndependentVerifier.verifyWithJwks(token, jwks.body());
		var pem = api.get("/keys/current.pem");
		assertThat(pem.header("Content-Type")).startsWith("application/x-pem-file");
		IndependentVerifier.verifyWithPem(token, pem.body());

		assertThat(fromJwks.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		assertThat(fromJwks.getHeader().getType().getType()).isEqualTo("JWT");
		assertThat(fromJwks.getHeader().getKeyID()).isEqualTo(answer.get("kid")).isEqualTo("tokenmint-dev-rsa");

		Map<String, Object> claims = fromJwks.getJWTClaimsSet().getClaims();
		assertThat(claims).containsOnlyKeys("jti", "iat", "nbf", "exp", "document_id", "permissions", "layer", "user_id",
				"creator_name", "default_group", "collaboration_permissions", "password");
		assertThat(claims).containsEntry("document_id", "doc-42").containsEntry("layer", "review")
			.containsEntry("user_id", "alice").containsEntry("creator_name", "Alice Liddell")
			.containsEntry("default_group", "reviewers").containsEntry("password", "pdf-secret")
			.containsEntry("permissions", List.of("read-document", "write", "download"))
			.containsEntry("collaboration_permissions", List.of("annotations:view:all", "annotations:edit:self"));
		var set = fromJwks.getJWTClaimsSet();
		assertThat(set.getNotBeforeTime()).isEqualTo(set.getIssueTime());
		assertThat(set.getExpirationTime().getTime() - set.getIssueTime().getTime()).isEqualTo(1_800_000);
		assertThat(set.getJWTID()).isEqualTo(answer.get("jti"));

		assertThat(answer).containsEntry("token_type", "JWT").containsEntry("expires_in", 1800).containsEntry("alg", "RS256");
		assertThat(Instant.parse((String) answer.get("expires_at"))).isEqualTo(set.getExpirationTime().toInstant());
	}

	@Test
	void springSecuritysDecoderAcceptsTheToken() throws Exception {
		String key = createClient("all", List.of("*"));
		String token = (String) issue(key, Map.of("document_id", "any-doc")).get("token");
		var pem = api.get("/keys/current.pem").body();
		var publicKey = (RSAPublicKey) IndependentVerifier.parsePem(pem, "RSA");
		Jwt jwt = NimbusJwtDecoder.withPublicKey(publicKey).build().decode(token);
		assertThat(jwt.getClaimAsString("document_id")).isEqualTo("any-doc");
		assertThat(jwt.getClaims().get("permissions")).isEqualTo("all");
	}

	@Test
	void leavesOutClaimsForAbsentFieldsAndUsesTheClientsPermissions() throws Exception {
		String key = createClient(List.of("read-document", "download"), List.of("doc-*"));
		var answer = issue(key, Map.of("document_id", "doc-7"));
		var jwt = IndependentVerifier.verifyWithJwks((String) answer.get("token"), api.get("/.well-known/jwks.json").body());
		assertThat(jwt.getJWTClaimsSet().getClaims()).containsOnlyKeys("jti", "iat", "nbf", "exp", "document_id", "permissions")
			.containsEntry("permissions", List.of("read-document", "download"));
		assertThat(answer).containsEntry("expires_in", 3600);
	}

	@Test
	void givesEveryTokenItsOwnJti() {
		String key = createClient("all", List.of("*"));
		Set<Object> ids = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			ids.add(issue(key, Map.of("document_id", "d")).get("jti"));
		}
		assertThat(ids).hasSize(20);
	}

	@Test
	void forbidsCachingTokenAnswers() {
		String key = createClient("all", List.of("*"));
		var response = api.post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(key));
		assertThat(response.header("Cache-Control")).contains("no-store");
	}

	@Test
	void servesEachPublishedKeyAsPemByKid() {
		var pem = api.get("/keys/tokenmint-dev-rsa.pem");
		assertThat(pem.status()).isEqualTo(200);
		assertThat(pem.body()).isEqualTo(api.get("/keys/current.pem").body());
		var unknown = api.get("/keys/nope.pem");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.code()).isEqualTo("KEY_NOT_FOUND");
	}

	@Test
	void publishesKeysWithKidAlgAndUse() {
		@SuppressWarnings("unchecked")
		var keys = (List<Map<String, Object>>) api.get("/.well-known/jwks.json").json().get("keys");
		assertThat(keys).singleElement().satisfies(jwk -> assertThat(jwk).containsEntry("kid", "tokenmint-dev-rsa")
			.containsEntry("alg", "RS256").containsEntry("use", "sig").containsEntry("kty", "RSA")
			.doesNotContainKeys("d", "p", "q", "dp", "dq", "qi"));
	}

	@Test
	void auditsIssuedAndRefusedRequestsBeforeAnswering() {
		String key = createClient(List.of("read-document"), List.of("audited-*"));
		var answer = issue(key, Map.of("document_id", "audited-1", "user_id", "alice"));
		var issued = jdbc.sql("SELECT outcome, caller_kind, document_id, user_id, permissions, kid, profile FROM audit_event WHERE jti = ?")
			.param(answer.get("jti")).query().singleRow();
		assertThat(issued).containsEntry("OUTCOME", "ISSUED").containsEntry("CALLER_KIND", "client")
			.containsEntry("DOCUMENT_ID", "audited-1").containsEntry("USER_ID", "alice")
			.containsEntry("PERMISSIONS", "read-document").containsEntry("KID", "tokenmint-dev-rsa").containsEntry("PROFILE", "instant");

		var refused = api.post("/tokens", Map.of("document_id", "audited-2", "permissions", List.of("write")), TestApi.apiKey(key));
		assertThat(refused.status()).isEqualTo(403);
		var row = jdbc.sql("SELECT outcome, refusal_code FROM audit_event WHERE document_id = 'audited-2'").query().singleRow();
		assertThat(row).containsEntry("OUTCOME", "REFUSED").containsEntry("REFUSAL_CODE", "PERMISSION_NOT_ALLOWED");
	}

	@Test
	void adminKeyCannotIssueTokens() {
		var response = api.post("/tokens", Map.of("document_id", "d"), admin());
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.code()).isEqualTo("ACCESS_DENIED");
	}

}
