package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import io.tokenmint.support.EndToEndTest;
import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestIdentityProvider;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Signed-in app users, authenticated by their identity provider's token, get tokens by grant only. */
class EndUserTests extends EndToEndTest {

	static final TestIdentityProvider IDP = TestIdentityProvider.SHARED;

	@DynamicPropertySource
	static void identityProvider(DynamicPropertyRegistry registry) {
		IDP.configure(registry);
	}

	@Autowired
	JdbcClient jdbc;

	private String user;

	@BeforeEach
	void freshUser() {
		user = "user-" + java.util.UUID.randomUUID();
	}

	private String grant(Map<String, Object> body) {
		var response = api.post("/admin/grants", body, admin());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return (String) response.json().get("id");
	}

	private TestApi.Response ask(String token, Map<String, Object> body) {
		return api.post("/tokens", body, TestIdentityProvider.bearer(token));
	}

	private Map<String, Object> claimsOf(TestApi.Response response) throws Exception {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return IndependentVerifier.verifyWithJwks((String) response.json().get("token"), api.get("/.well-known/jwks.json").body())
			.getJWTClaimsSet().getClaims();
	}

	@Test
	void refusesAUserWithoutAGrant() {
		var response = ask(IDP.token(user, List.of(), "Nobody"), Map.of("document_id", "doc-1"));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.code()).isEqualTo("NO_GRANT");
		assertThat(response.json()).doesNotContainKey("token");
		var audit = jdbc.sql("SELECT caller_kind, outcome, refusal_code FROM audit_event WHERE caller_id = ?").param(user).query().singleRow();
		assertThat(audit).containsEntry("CALLER_KIND", "user").containsEntry("OUTCOME", "REFUSED").containsEntry("REFUSAL_CODE", "NO_GRANT");
	}

	@Test
	void issuesByUserGrantWithTheUsersOwnIdAndName() throws Exception {
		grant(Map.of("subject", "user:" + user, "document_id", "doc-1", "layer", "review", "permissions",
				List.of("read-document", "download"), "default_group", "reviewers"));
		var claims = claimsOf(ask(IDP.token(user, List.of(), "Alice Liddell"), Map.of("document_id", "doc-1", "layer", "review")));
		assertThat(claims).containsEntry("user_id", user).containsEntry("creator_name", "Alice Liddell")
			.containsEntry("permissions", List.of("read-document", "download")).containsEntry("layer", "review")
			.containsEntry("default_group", "reviewers").doesNotContainKeys("password", "collaboration_permissions");
		assertThat(ask(IDP.token(user, List.of(), null), Map.of("document_id", "doc-1")).code()).as("default layer not granted")
			.isEqualTo("NO_GRANT");
	}

	@Test
	void issuesByGroupGrantWithWildcardPatterns() throws Exception {
		String group = "reviewers-" + user;
		grant(Map.of("subject", "group:" + group, "document_id", "contracts-*", "layer", "*", "permissions", "all"));
		var claims = claimsOf(ask(IDP.token(user, List.of("staff", group), null), Map.of("document_id", "contracts-9", "layer", "any")));
		assertThat(claims).containsEntry("permissions", "all");
		assertThat(ask(IDP.token(user, List.of("staff"), null), Map.of("document_id", "contracts-9")).code()).isEqualTo("NO_GRANT");
		assertThat(ask(IDP.token(user, List.of(group), null), Map.of("document_id", "invoices-9")).code()).isEqualTo("NO_GRANT");
	}

	@Test
	void refusesPermissionEscalation() {
		grant(Map.of("subject", "user:" + user, "document_id", "*", "layer", "*", "permissions", List.of("read-document")));
		var response = ask(IDP.token(user, List.of(), null), Map.of("document_id", "d", "permissions", List.of("read-document", "write")));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.code()).isEqualTo("PERMISSION_NOT_GRANTED");
		assertThat((String) response.json().get("detail")).contains("write");
		assertThat(ask(IDP.token(user, List.of(), null), Map.of("document_id", "d", "permissions", "all")).code())
			.isEqualTo("PERMISSION_NOT_GRANTED");
	}

	@Test
	void unitesCollaborationRulesOfRestrictingGrantsAndDropsThemForAnUnrestrictedOne() throws Exception {
		String group = "g-" + user;
		grant(Map.of("subject", "user:" + user, "document_id", "doc-1", "layer", "*", "permissions", List.of("read-document"),
				"collaboration_permissions", List.of("annotations:view:all", "annotations:edit:self")));
		grant(Map.of("subject", "group:" + group, "document_id", "doc-*", "layer", "*", "permissions", List.of("write"),
				"collaboration_permissions", List.of("comments:reply:all", "annotations:view:all")));
		var claims = claimsOf(ask(IDP.token(user, List.of(group), null), Map.of("document_id", "doc-1")));
		assertThat(claims).containsEntry("collaboration_permissions",
				List.of("annotations:view:all", "annotations:edit:self", "comments:reply:all"))
			.containsEntry("permissions", List.of("read-document", "write"));

		grant(Map.of("subject", "user:" + user, "document_id", "doc-1", "layer", "*", "permissions", List.of("read-document")));
		assertThat(claimsOf(ask(IDP.token(user, List.of(group), null), Map.of("document_id", "doc-1"))))
			.doesNotContainKey("collaboration_permissions");
	}

	@Test
	void shortensTheDefaultLifetimeToTheGrantsMaximumAndRefusesALongerOne() throws Exception {
		grant(Map.of("subject", "user:" + user, "document_id", "*", "layer", "*", "permissions", "all", "max_expires_in", 600));
		String token = IDP.token(user, List.of(), null);
		var response = ask(token, Map.of("document_id", "d"));
		var claims = claimsOf(response);
		assertThat(((Date) claims.get("exp")).getTime() - ((Date) claims.get("iat")).getTime()).isEqualTo(600_000);
		assertThat(response.json()).containsEntry("expires_in", 600);
		var tooLong = ask(token, Map.of("document_id", "d", "expires_in", 3600));
		assertThat(tooLong.status()).isEqualTo(403);
		assertThat(tooLong.code()).as("the same rule as for API clients").isEqualTo("EXPIRES_IN_NOT_ALLOWED");
	}

	@Test
	void refusesSpoofedUserIdsPasswordsAndFieldsThatComeFromGrants() {
		grant(Map.of("subject", "user:" + user, "document_id", "*", "layer", "*", "permissions", "all"));
		String token = IDP.token(user, List.of(), "Alice");
		assertThat(ask(token, Map.of("document_id", "d", "user_id", "someone-else")).code()).isEqualTo("USER_ID_MISMATCH");
		assertThat(ask(token, Map.of("document_id", "d", "user_id", user)).status()).isEqualTo(200);
		assertThat(ask(token, Map.of("document_id", "d", "password", "x")).code()).isEqualTo("PASSWORD_NOT_ALLOWED");
		assertThat(ask(token, Map.of("document_id", "d", "creator_name", "The CEO")).code()).isEqualTo("FIELD_NOT_ALLOWED");
		assertThat(ask(token, Map.of("document_id", "d", "group", "admins")).code()).isEqualTo("FIELD_NOT_ALLOWED");
		assertThat(ask(token, Map.of("document_id", "d", "user_id", user, "collaboration_permissions", List.of("annotations:view:all"))).code())
			.isEqualTo("FIELD_NOT_ALLOWED");
	}

	@Test
	void refusesExpiredForeignAndMisdirectedIdentityTokensWith401() {
		grant(Map.of("subject", "user:" + user, "document_id", "*", "layer", "*", "permissions", "all"));
		Instant past = Instant.now().minusSeconds(3600);
		var expired = IDP.token(IDP.claims(user, null, null).issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60))).build());
		var foreign = IDP.foreignToken(IDP.claims(user, null, null).build());
		var wrongIssuer = IDP.token(IDP.claims(user, null, null).issuer("https://evil.test/").build());
		var wrongAudience = IDP.token(IDP.claims(user, null, null).audience("another-app").build());
		var noSubject = IDP.token(IDP.claims(user, null, null).subject(null).build());
		for (String token : List.of(expired, foreign, wrongIssuer, wrongAudience, noSubject, "not-a-jwt")) {
			var response = ask(token, Map.of("document_id", "d"));
			assertThat(response.status()).as(response.toString()).isEqualTo(401);
			assertThat(response.code()).isEqualTo("INVALID_BEARER_TOKEN");
			assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		}
	}

	@Test
	void refusesForgedIdentityTokens() throws Exception {
		grant(Map.of("subject", "user:" + user, "document_id", "*", "layer", "*", "permissions", "all"));
		var claims = IDP.claims(user, null, null).build();
		java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
		String payload = base64.encodeToString(claims.toString().getBytes());
		String none = base64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + payload + ".";
		var hmac = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.HS256)
			.keyID("idp-key-1").build(), claims);
		hmac.sign(new com.nimbusds.jose.crypto.MACSigner(IDP.publicKeyPem().getBytes()));
		String[] valid = IDP.token(claims).split("\\.");
		String tampered = valid[0] + "." + base64.encodeToString(IDP.claims("someone-else", null, null).build().toString().getBytes())
				+ "." + valid[2];
		var withJku = IDP.tokenWithHeader(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256).keyID("evil")
			.jwkURL(java.net.URI.create("https://evil.test/jwks")).build(), claims);
		var early = IDP.token(IDP.claims(user, null, null).notBeforeTime(java.util.Date.from(Instant.now().plusSeconds(3600))).build());
		for (String token : List.of(none, hmac.serialize(), tampered, withJku, early)) {
			var response = ask(token, Map.of("document_id", "d"));
			assertThat(response.status()).as(token).isEqualTo(401);
			assertThat(response.code()).isEqualTo("INVALID_BEARER_TOKEN");
		}
	}

	@Test
	void keepsUsersOutOfAdminAndVerify() {
		String token = IDP.token(user, List.of("admins"), null);
		var admin = api.get("/admin/clients", TestIdentityProvider.bearer(token));
		assertThat(admin.status()).isEqualTo(403);
		assertThat(admin.code()).isEqualTo("ACCESS_DENIED");
		assertThat(api.get("/admin/audit", TestIdentityProvider.bearer(token)).status()).isEqualTo(403);
		assertThat(api.post("/admin/grants", Map.of(), TestIdentityProvider.bearer(token)).status()).isEqualTo(403);
		assertThat(api.post("/tokens/verify", Map.of("token", "x"), TestIdentityProvider.bearer(token)).status()).isEqualTo(403);
	}

	@Test
	void stopsIssuingAsSoonAsTheGrantIsDeleted() {
		String id = grant(Map.of("subject", "user:" + user, "document_id", "*", "layer", "*", "permissions", "all"));
		String token = IDP.token(user, List.of(), null);
		assertThat(ask(token, Map.of("document_id", "d")).status()).isEqualTo(200);
		assertThat(api.delete("/admin/grants/" + id, admin()).status()).isEqualTo(204);
		assertThat(ask(token, Map.of("document_id", "d")).code()).isEqualTo("NO_GRANT");
		assertThat(api.get("/admin/grants/" + id, admin()).code()).isEqualTo("GRANT_NOT_FOUND");
	}

	@Test
	void listsGrantsBySubjectAndDocument() {
		grant(Map.of("subject", "user:" + user, "document_id", "contracts-*", "permissions", "all"));
		grant(Map.of("subject", "user:" + user, "document_id", "invoice-1", "permissions", "all"));
		var bySubject = api.get("/admin/grants?subject=user:" + user, admin()).jsonList();
		assertThat(bySubject).hasSize(2);
		var byDocument = api.get("/admin/grants?subject=user:" + user + "&document_id=contracts-7", admin()).jsonList();
		assertThat(byDocument).singleElement().satisfies(g -> assertThat(g).containsEntry("document_id", "contracts-*")
			.doesNotContainKey("layer"));
	}

	@Test
	void validatesGrantsWithTheTokenVocabulary() {
		var badSubject = api.post("/admin/grants", Map.of("subject", "alice", "document_id", "*", "permissions", "all"), admin());
		assertThat(badSubject.code()).isEqualTo("INVALID_SUBJECT");
		var emptySubject = api.post("/admin/grants", Map.of("subject", "user:", "document_id", "*", "permissions", "all"), admin());
		assertThat(emptySubject.code()).isEqualTo("INVALID_SUBJECT");
		var badPermission = api.post("/admin/grants", Map.of("subject", "user:a", "document_id", "*", "permissions", List.of("root")), admin());
		assertThat(badPermission.code()).isEqualTo("INVALID_PERMISSION");
		var badRule = api.post("/admin/grants", Map.of("subject", "user:a", "document_id", "*", "permissions", "all",
				"collaboration_permissions", List.of("form-fields:fill:self")), admin());
		assertThat(badRule.code()).isEqualTo("INVALID_COLLABORATION_PERMISSION");
		var badPattern = api.post("/admin/grants", Map.of("subject", "user:a", "document_id", "*x", "permissions", "all"), admin());
		assertThat(badPattern.code()).isEqualTo("INVALID_DOCUMENT_PATTERN");
		var missing = api.post("/admin/grants", Map.of("subject", "user:a", "document_id", "*"), admin());
		assertThat(missing.code()).isEqualTo("FIELD_REQUIRED");
	}

	@Test
	void stillServesApiClientsAlongsideUsers() {
		String key = createClient("all", List.of("*"));
		assertThat(api.post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(key)).status()).isEqualTo(200);
		var both = api.post("/tokens", Map.of("document_id", "d"), "X-Api-Key", key, "Authorization",
				"Bearer " + IDP.token(user, List.of(), null));
		assertThat(both.status()).isEqualTo(400);
		assertThat(both.code()).isEqualTo("AMBIGUOUS_CREDENTIALS");
	}

}
