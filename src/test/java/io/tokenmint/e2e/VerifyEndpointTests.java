package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.tokenmint.support.DevKeySigner;
import io.tokenmint.support.EndToEndTest;
import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /tokens/verify} against tokens we issued and tokens an attacker crafted with nimbus. */
class VerifyEndpointTests extends EndToEndTest {

	private String clientKey;

	private DevKeySigner devKey;

	@BeforeEach
	void setUp() throws Exception {
		clientKey = createClient("all", List.of("*"));
		devKey = new DevKeySigner(WORK_DIR);
	}

	private Map<String, Object> verify(String token) {
		var response = api.post("/tokens/verify", Map.of("token", token), TestApi.apiKey(clientKey));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	@SuppressWarnings("unchecked")
	private static List<String> codes(Map<String, Object> report) {
		return ((List<Map<String, Object>>) report.get("problems")).stream().map(p -> (String) p.get("code")).toList();
	}

	private String signed(JWSHeader header, JWTClaimsSet claims) throws Exception {
		return devKey.sign(header, claims);
	}

	private static JWSHeader rs256() {
		return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("tokenmint-dev-rsa").type(JOSEObjectType.JWT).build();
	}

	private static JWTClaimsSet.Builder validClaims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().claim("document_id", "d").claim("permissions", List.of("read-document"))
			.issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
	}

	@Test
	void acceptsATokenWeIssuedAndMasksThePassword() {
		String passwordClient = createClient("all", List.of("*"));
		String token = (String) api.post("/tokens", Map.of("document_id", "doc-1", "password", "pdf-secret"),
				TestApi.apiKey(passwordClient)).json().get("token");
		var report = verify(token);
		assertThat(report).containsEntry("valid", true);
		assertThat(codes(report)).isEmpty();
		@SuppressWarnings("unchecked")
		var claims = (Map<String, Object>) report.get("claims");
		assertThat(claims).containsEntry("password", "***").containsEntry("document_id", "doc-1");
		assertThat(report.toString()).doesNotContain("pdf-secret");
	}

	@Test
	void letsTheAdminVerifyToo() throws Exception {
		var response = api.post("/tokens/verify", Map.of("token", signed(rs256(), validClaims().build())), admin());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("valid", true);
	}

	@Test
	void refusesATamperedPayload() throws Exception {
		String[] parts = signed(rs256(), validClaims().build()).split("\\.");
		String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
				validClaims().claim("permissions", "all").build().toString().getBytes());
		var report = verify(parts[0] + "." + forged + "." + parts[2]);
		assertThat(report).containsEntry("valid", false);
		assertThat(codes(report)).containsExactly("INVALID_SIGNATURE");
	}

	@Test
	void refusesAlgNone() {
		String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"kid\":\"tokenmint-dev-rsa\"}".getBytes());
		String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(validClaims().build().toString().getBytes());
		var report = verify(header + "." + payload + ".");
		assertThat(codes(report)).contains("UNSUPPORTED_ALGORITHM");
		assertThat(report).containsEntry("valid", false);
	}

	@Test
	void refusesHs256SignedWithOurPublicKeyAsTheSecret() throws Exception {
		byte[] publicPem = api.get("/keys/current.pem").body().getBytes();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("tokenmint-dev-rsa").build(), validClaims().build());
		jwt.sign(new MACSigner(publicPem));
		var report = verify(jwt.serialize());
		assertThat(codes(report)).contains("UNSUPPORTED_ALGORITHM");
		assertThat(report).containsEntry("valid", false);
	}

	@Test
	void refusesUnknownMissingAndPathLikeKids() throws Exception {
		var unknown = verify(signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("someone-else").build(), validClaims().build()));
		assertThat(codes(unknown)).containsExactly("UNKNOWN_KID");
		var pathLike = verify(signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("../../keys/tokenmint-dev-rsa").build(), validClaims().build()));
		assertThat(codes(pathLike)).containsExactly("UNKNOWN_KID");
		var missing = verify(signed(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), validClaims().build()));
		assertThat(codes(missing)).containsExactly("MISSING_KID");
	}

	@Test
	void flagsHeadersThatPointAtForeignKeys() throws Exception {
		var header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("tokenmint-dev-rsa")
			.jwkURL(java.net.URI.create("https://attacker.example/jwks.json")).build();
		var report = verify(signed(header, validClaims().build()));
		assertThat(codes(report)).containsExactly("UNTRUSTED_KEY_REFERENCE");
	}

	@Test
	void refusesExpiredAndNotYetValidTokens() throws Exception {
		Instant now = Instant.now();
		var expired = verify(signed(rs256(), validClaims().expirationTime(Date.from(now.minusSeconds(3600))).build()));
		assertThat(codes(expired)).containsExactly("TOKEN_EXPIRED");
		var early = verify(signed(rs256(), validClaims().notBeforeTime(Date.from(now.plusSeconds(3600))).build()));
		assertThat(codes(early)).containsExactly("TOKEN_NOT_YET_VALID");
		var withinLeeway = verify(signed(rs256(), validClaims().expirationTime(Date.from(now.minusSeconds(10))).build()));
		assertThat(withinLeeway).containsEntry("valid", true);
	}

	@Test
	void checksTheClaimVocabulary() throws Exception {
		var noDocument = verify(signed(rs256(), new JWTClaimsSet.Builder().claim("permissions", "all")
			.expirationTime(Date.from(Instant.now().plusSeconds(60))).build()));
		assertThat(codes(noDocument)).containsExactly("MISSING_CLAIM");
		var noExp = verify(signed(rs256(), new JWTClaimsSet.Builder().claim("document_id", "d").claim("permissions", "all").build()));
		assertThat(codes(noExp)).containsExactly("MISSING_CLAIM");
		var badPermission = verify(signed(rs256(), validClaims().claim("permissions", List.of("read-document", "root")).build()));
		assertThat(codes(badPermission)).containsExactly("INVALID_CLAIM");
		var rulesWithoutUser = verify(signed(rs256(), validClaims().claim("collaboration_permissions", List.of("annotations:view:all")).build()));
		assertThat(codes(rulesWithoutUser)).containsExactly("INVALID_CLAIM");
		var badRule = verify(signed(rs256(), validClaims().claim("user_id", "u").claim("collaboration_permissions", List.of("x:y:z")).build()));
		assertThat(codes(badRule)).containsExactly("INVALID_CLAIM");
		var numericLayer = verify(signed(rs256(), validClaims().claim("layer", 5).build()));
		assertThat(codes(numericLayer)).containsExactly("INVALID_CLAIM");
	}

	@Test
	void reportsMalformedTokensWithoutFailing() {
		assertThat(codes(verify("not-a-token"))).containsExactly("MALFORMED_TOKEN");
		assertThat(codes(verify("a.b.c"))).containsExactly("MALFORMED_TOKEN");
		assertThat(codes(verify("a.b.c.d.e"))).containsExactly("MALFORMED_TOKEN");
		assertThat(codes(verify("e30.e30.e30"))).contains("UNSUPPORTED_ALGORITHM");
	}

	@Test
	void refusesMissingTokenAndAnonymousCallers() {
		var missing = api.post("/tokens/verify", Map.of(), TestApi.apiKey(clientKey));
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.code()).isEqualTo("FIELD_REQUIRED");
		assertThat(api.post("/tokens/verify", Map.of("token", "x")).status()).isEqualTo(401);
	}

}
