package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;

import io.tokenmint.support.DevKeySigner;
import io.tokenmint.support.EndToEndTest;
import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestIdentityProvider;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** MoEngage and custom profiles, for API clients and end users; the bare-token answer; CORS. */
class ProfilesTests extends EndToEndTest {

	static final TestIdentityProvider IDP = new TestIdentityProvider();

	@DynamicPropertySource
	static void profiles(DynamicPropertyRegistry registry) {
		IDP.configure(registry);
		registry.add("tokenmint.profiles.moengage.issuer", () -> "https://tokenmint.test");
		registry.add("tokenmint.cors.allowed-origins", () -> "https://app.example.com");
		String chat = "tokenmint.profiles.custom.chat.";
		registry.add(chat + "algorithm", () -> "RS256");
		registry.add(chat + "default-expires-in", () -> "600");
		registry.add(chat + "max-expires-in", () -> "1800");
		registry.add(chat + "issuer", () -> "https://tokenmint.test");
		registry.add(chat + "audience", () -> "chat-service");
		String[][] claims = { { "name=sub", "field=user", "required=true" },
				{ "name=room", "required=true", "pattern=[a-z0-9-]+", "max-length=32" },
				{ "name=role", "allowed-values=viewer,publisher" }, { "name=can_publish", "type=boolean" },
				{ "name=tags", "type=string-array" }, { "name=service", "source=constant", "value=chat-v1" } };
		for (int i = 0; i < claims.length; i++) {
			for (String setting : claims[i]) {
				String[] pair = setting.split("=", 2);
				registry.add(chat + "claims[" + i + "]." + pair[0], () -> pair[1]);
			}
		}
		String viewer = "tokenmint.profiles.custom.viewer.";
		registry.add(viewer + "algorithm", () -> "RS256");
		registry.add(viewer + "claims[0].name", () -> "sub");
		registry.add(viewer + "claims[0].source", () -> "identity");
		registry.add(viewer + "claims[0].required", () -> "true");
		registry.add(viewer + "claims[1].name", () -> "email");
		registry.add(viewer + "claims[1].source", () -> "identity");
		registry.add(viewer + "claims[2].name", () -> "scope");
		registry.add(viewer + "claims[2].source", () -> "constant");
		registry.add(viewer + "claims[2].value", () -> "read");
	}

	private String clientKey;

	private String instantOnlyKey;

	private String user;

	@BeforeEach
	void clients() {
		clientKey = createClient(Map.of("name", "multi", "max_permissions", "all", "documents", List.of("*"), "max_expires_in", 3600,
				"profiles", List.of("instant", "moengage", "chat")));
		instantOnlyKey = createClient("all", List.of("*"));
		user = "user-" + java.util.UUID.randomUUID();
	}

	private Map<String, Object> claims(TestApi.Response response) throws Exception {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return IndependentVerifier.verifyWithJwks((String) response.json().get("token"), api.get("/.well-known/jwks.json").body())
			.getJWTClaimsSet().getClaims();
	}

	@Test
	void issuesMoEngageTokensForAClientsUser() throws Exception {
		var response = api.post("/tokens", Map.of("profile", "moengage", "user_id", "customer-42"), TestApi.apiKey(clientKey));
		var claims = claims(response);
		assertThat(claims).containsOnlyKeys("sub", "iat", "nbf", "exp", "jti", "iss").containsEntry("sub", "customer-42")
			.containsEntry("iss", "https://tokenmint.test");
		assertThat(response.json()).containsEntry("alg", "RS256").containsEntry("expires_in", 3600);
		var verified = api.post("/tokens/verify", Map.of("token", response.json().get("token")), TestApi.apiKey(clientKey)).json();
		assertThat(verified).containsEntry("valid", true).containsEntry("profile", "moengage");
	}

	@Test
	void refusesMoEngageRequestsWithoutAUserOrWithDocumentFields() {
		var missing = api.post("/tokens", Map.of("profile", "moengage"), TestApi.apiKey(clientKey));
		assertThat(missing.code()).isEqualTo("FIELD_REQUIRED");
		assertThat(missing.json()).containsEntry("pointer", "/user_id");
		var foreign = api.post("/tokens", Map.of("profile", "moengage", "user_id", "u", "document_id", "d"), TestApi.apiKey(clientKey));
		assertThat(foreign.code()).isEqualTo("UNKNOWN_FIELD");
		assertThat(foreign.json()).containsEntry("pointer", "/document_id");
	}

	@Test
	void issuesMoEngageTokensToEndUsersByGrantWithTheirOwnSubject() throws Exception {
		String token = IDP.token(user, List.of(), null);
		assertThat(api.post("/tokens", Map.of("profile", "moengage"), TestIdentityProvider.bearer(token)).code()).isEqualTo("NO_GRANT");
		api.post("/admin/grants", Map.of("subject", "user:" + user, "document_id", "*", "permissions", "all",
				"profiles", List.of("moengage"), "max_expires_in", 900), admin());
		var response = api.post("/tokens", Map.of("profile", "moengage"), TestIdentityProvider.bearer(token));
		var claims = claims(response);
		assertThat(claims).containsEntry("sub", user);
		assertThat(response.json()).containsEntry("expires_in", 900);
		assertThat(api.post("/tokens", Map.of("profile", "moengage", "expires_in", 3600), TestIdentityProvider.bearer(token)).code())
			.isEqualTo("EXPIRES_IN_NOT_ALLOWED");
		assertThat(api.post("/tokens", Map.of("profile", "moengage", "user_id", "someone-else"), TestIdentityProvider.bearer(token)).code())
			.isEqualTo("USER_ID_MISMATCH");
		assertThat(api.post("/tokens", Map.of("document_id", "d"), TestIdentityProvider.bearer(token)).code())
			.as("a moengage-only grant gives no instant tokens").isEqualTo("NO_GRANT");
	}

	@Test
	void reportsMoEngageProblemsInMoEngagesTerms() throws Exception {
		Instant past = Instant.now().minusSeconds(7200);
		var verify = new DevKeySigner(WORK_DIR);
		String expired = verify.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("tokenmint-dev-rsa").build(),
				new JWTClaimsSet.Builder().subject("u").issuer("https://tokenmint.test").issueTime(Date.from(past))
					.expirationTime(Date.from(past.plusSeconds(60))).build());
		assertThat(problemCodes(expired, "moengage")).containsExactly("TIME_CONSTRAINT_FAILURE");
		String noSubject = verify.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("tokenmint-dev-rsa").build(),
				new JWTClaimsSet.Builder().issuer("https://tokenmint.test").issueTime(new Date())
					.expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
		assertThat(problemCodes(noSubject, "moengage")).containsExactly("PAYLOAD_CONTENT_MISSING");
		String rs512 = verify.sign(new JWSHeader.Builder(JWSAlgorithm.RS512).keyID("tokenmint-dev-rsa").build(),
				new JWTClaimsSet.Builder().subject("u").issuer("https://tokenmint.test").issueTime(new Date())
					.expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
		assertThat(problemCodes(rs512, "moengage")).containsExactly("HEADER_TYPE_INCOMPATIBLE");
		String[] parts = expired.split("\\.");
		assertThat(problemCodes(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + "AAAA" + parts[2].substring(14), "moengage"))
			.contains("INVALID_SIGNATURE");
	}

	@Test
	void refusesTokensFromAnotherIssuerOrForAnotherAudience() throws Exception {
		var signer = new DevKeySigner(WORK_DIR);
		var header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("tokenmint-dev-rsa").build();
		Date now = new Date();
		Date later = Date.from(Instant.now().plusSeconds(60));
		String foreignIssuer = signer.sign(header, new JWTClaimsSet.Builder().subject("u").issuer("https://evil.test")
			.issueTime(now).expirationTime(later).build());
		assertThat(problemCodes(foreignIssuer, "moengage")).containsExactly("ISSUER_MISMATCH");
		String otherAudience = signer.sign(header, new JWTClaimsSet.Builder().subject("u").issuer("https://tokenmint.test")
			.audience("another-service").claim("room", "r").claim("service", "chat-v1").issueTime(now).expirationTime(later).build());
		assertThat(problemCodes(otherAudience, "chat")).containsExactly("AUDIENCE_MISMATCH");
		String rightAudience = signer.sign(header, new JWTClaimsSet.Builder().subject("u").issuer("https://tokenmint.test")
			.audience("chat-service").claim("room", "r").claim("service", "chat-v1").issueTime(now).expirationTime(later).build());
		assertThat(problemCodes(rightAudience, "chat")).isEmpty();
	}

	@SuppressWarnings("unchecked")
	private List<String> problemCodes(String token, String profile) {
		var report = api.post("/tokens/verify", Map.of("token", token, "profile", profile), TestApi.apiKey(clientKey)).json();
		return ((List<Map<String, Object>>) report.get("problems")).stream().map(p -> (String) p.get("code")).toList();
	}

	@Test
	void issuesCustomProfileTokensWithDeclaredClaimsOnly() throws Exception {
		var response = api.post("/tokens", Map.of("profile", "chat", "user", "customer-7", "room", "lobby-1", "role", "publisher",
				"can_publish", true, "tags", List.of("a", "b")), TestApi.apiKey(clientKey));
		var claims = claims(response);
		assertThat(claims).containsOnlyKeys("sub", "room", "role", "can_publish", "tags", "service", "aud", "iss", "iat", "nbf", "exp", "jti")
			.containsEntry("sub", "customer-7").containsEntry("room", "lobby-1").containsEntry("can_publish", true)
			.containsEntry("tags", List.of("a", "b")).containsEntry("service", "chat-v1")
			.containsEntry("aud", List.of("chat-service")).containsEntry("iss", "https://tokenmint.test");
		assertThat(response.json()).containsEntry("expires_in", 600);
		var verified = api.post("/tokens/verify", Map.of("token", response.json().get("token"), "profile", "chat"), TestApi.apiKey(clientKey));
		assertThat(verified.json()).containsEntry("valid", true);
	}

	@ParameterizedTest(name = "{1} at {2}")
	@CsvSource(delimiter = '|', value = {
			"{\"profile\":\"chat\",\"user\":\"u\",\"room\":\"r\",\"exp\":99999999999}|RESERVED_CLAIM|/exp",
			"{\"profile\":\"chat\",\"user\":\"u\",\"room\":\"r\",\"sub\":\"admin\"}|RESERVED_CLAIM|/sub",
			"{\"profile\":\"chat\",\"user\":\"u\",\"room\":\"r\",\"iss\":\"me\"}|RESERVED_CLAIM|/iss",
			"{\"profile\":\"chat\",\"user\":\"u\"}|FIELD_REQUIRED|/room",
			"{\"profile\":\"chat\",\"room\":\"r\"}|FIELD_REQUIRED|/user",
			"{\"profile\":\"chat\",\"user\":\"u\",\"room\":\"Lobby 1\"}|PATTERN_MISMATCH|/room",
			"{\"profile\":\"chat\",\"user\":\"u\",\"room\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}|FIELD_TOO_LONG|/room",
			"{\"profile\":\"chat\",\"user\":\"u\",\"room\":\"r\",\"role\":\"owner\"}|VALUE_NOT_ALLOWED|/role",
			"{\"profile\":\"chat\",\"user\":\"u\",\"room\":\"r\",\"can_publish\":\"yes\"}|WRONG_TYPE|/can_publish",
			"{\"profile\":\"chat\",\"user\":\"u\",\"room\":\"r\",\"tags\":[1]}|WRONG_TYPE|/tags",
			"{\"profile\":\"chat\",\"user\":\"u\",\"room\":\"r\",\"colour\":\"red\"}|UNKNOWN_FIELD|/colour",
			"{\"profile\":\"chat\",\"user\":\"u\",\"room\":\"r\",\"expires_in\":1801}|EXPIRES_IN_OUT_OF_RANGE|/expires_in",
			"{\"profile\":\"nope\",\"document_id\":\"d\"}|UNKNOWN_PROFILE|/profile",
			"{\"profile\":7,\"document_id\":\"d\"}|WRONG_TYPE|/profile" })
	void refusesCustomProfileRequestsThatBreakTheDeclaration(String body, String code, String pointer) {
		var response = api.post("/tokens", body, TestApi.apiKey(clientKey));
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.code()).isEqualTo(code);
		assertThat(response.json()).containsEntry("pointer", pointer).doesNotContainKey("token");
	}

	@Test
	void refusesProfilesTheCallerMayNotUse() {
		var response = api.post("/tokens", Map.of("profile", "chat", "user", "u", "room", "r"), TestApi.apiKey(instantOnlyKey));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.code()).isEqualTo("PROFILE_NOT_ALLOWED");
		assertThat(api.post("/tokens", Map.of("profile", "moengage", "user_id", "u"), TestApi.apiKey(instantOnlyKey)).code())
			.isEqualTo("PROFILE_NOT_ALLOWED");
		var badClient = api.post("/admin/clients", Map.of("name", "x", "max_permissions", "all", "documents", List.of("*"),
				"profiles", List.of("instant", "nope")), admin());
		assertThat(badClient.code()).isEqualTo("UNKNOWN_PROFILE");
		assertThat(badClient.json()).containsEntry("pointer", "/profiles/1");
	}

	@Test
	void tellsACallerWithoutTheProfileNothingAboutItsFields() {
		for (Map<String, Object> probe : List.<Map<String, Object>>of(Map.of("profile", "chat"), Map.of("profile", "chat", "guess", 1),
				Map.of("profile", "chat", "room", 42, "exp", 1))) {
			var response = api.post("/tokens", probe, TestApi.apiKey(instantOnlyKey));
			assertThat(response.code()).as(probe.toString()).isEqualTo("PROFILE_NOT_ALLOWED");
			assertThat(response.body()).doesNotContain("room").doesNotContain("/user");
		}
		var unknown = api.post("/tokens", Map.of("profile", "nope", "document_id", "d"), TestApi.apiKey(clientKey));
		assertThat(unknown.code()).isEqualTo("UNKNOWN_PROFILE");
		assertThat(unknown.body()).doesNotContain("chat").doesNotContain("viewer").doesNotContain("moengage");
	}

	@Test
	void aTokenOfOneProfileNeverVerifiesAsAnothers() throws Exception {
		var chat = api.post("/tokens", Map.of("profile", "chat", "user", "u-1", "room", "r"), TestApi.apiKey(clientKey));
		assertThat(claims(chat)).containsEntry("aud", List.of("chat-service"));
		var asMoEngage = api.post("/tokens/verify", Map.of("token", chat.json().get("token"), "profile", "moengage"),
				TestApi.apiKey(clientKey)).json();
		assertThat(asMoEngage).containsEntry("valid", false);
		assertThat(asMoEngage.toString()).contains("AUDIENCE_MISMATCH");

		String token = IDP.token(IDP.claims(user, List.of("viewers2-" + user), null).build());
		api.post("/admin/grants", Map.of("subject", "group:viewers2-" + user, "document_id", "*", "permissions", "all",
				"profiles", List.of("viewer")), admin());
		var viewer = api.post("/tokens", Map.of("profile", "viewer"), TestIdentityProvider.bearer(token));
		assertThat(claims(viewer)).as("a custom profile without an audience gets its own name").containsEntry("aud", List.of("viewer"));
		for (String other : List.of("chat", "moengage", "instant")) {
			var report = api.post("/tokens/verify", Map.of("token", viewer.json().get("token"), "profile", other), TestApi.apiKey(clientKey))
				.json();
			assertThat(report).as(other).containsEntry("valid", false);
		}
		assertThat(api.post("/tokens/verify", Map.of("token", viewer.json().get("token"), "profile", "viewer"), TestApi.apiKey(clientKey))
			.json()).containsEntry("valid", true);
	}

	@Test
	void issuesCustomProfileTokensToEndUsersFromTheirIdentityOnly() throws Exception {
		String token = IDP.token(IDP.claims(user, List.of("viewers-" + user), null).claim("email", "a@example.com").build());
		assertThat(api.post("/tokens", Map.of("profile", "viewer"), TestIdentityProvider.bearer(token)).code()).isEqualTo("NO_GRANT");
		api.post("/admin/grants", Map.of("subject", "group:viewers-" + user, "document_id", "*", "permissions", "all",
				"profiles", List.of("viewer", "chat")), admin());
		var claims = claims(api.post("/tokens", Map.of("profile", "viewer"), TestIdentityProvider.bearer(token)));
		assertThat(claims).containsEntry("sub", user).containsEntry("email", "a@example.com").containsEntry("scope", "read");
		var settingRoom = api.post("/tokens", Map.of("profile", "chat", "user", "u", "room", "r"), TestIdentityProvider.bearer(token));
		assertThat(settingRoom.status()).isEqualTo(403);
		assertThat(settingRoom.code()).isEqualTo("FIELD_NOT_ALLOWED");
	}

	@Test
	void answersWithTheBareTokenWhenAskedFor() throws Exception {
		var bare = api.post("/tokens", Map.of("document_id", "d"), "X-Api-Key", clientKey, "Accept", "application/jwt");
		assertThat(bare.status()).isEqualTo(200);
		assertThat(bare.header("Content-Type")).startsWith("application/jwt");
		assertThat(bare.body()).doesNotContain("{").matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
		IndependentVerifier.verifyWithJwks(bare.body(), api.get("/.well-known/jwks.json").body());
		assertThat(bare.header("Cache-Control")).contains("no-store");

		var json = api.post("/tokens", Map.of("document_id", "d"), "X-Api-Key", clientKey, "Accept", "*/*");
		assertThat(json.header("Content-Type")).startsWith("application/json");
		var ranked = api.post("/tokens", Map.of("document_id", "d"), "X-Api-Key", clientKey, "Accept", "application/json;q=0.5, application/jwt");
		assertThat(ranked.header("Content-Type")).startsWith("application/jwt");
		var refused = api.post("/tokens", Map.of("document_id", "d", "permissions", List.of("x")), "X-Api-Key", clientKey,
				"Accept", "application/jwt");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void allowsCorsPreflightFromConfiguredOriginsOnly() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		var allowed = http.send(preflight("https://app.example.com"), HttpResponse.BodyHandlers.ofString());
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.com");
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
		var refused = http.send(preflight("https://evil.example.com"), HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(refused.headers().firstValue("Content-Type").orElse("")).as("a problem like every refusal").startsWith("application/problem+json");
		assertThat(refused.body()).contains("\"code\":\"ORIGIN_NOT_ALLOWED\"");
		var refusedRequest = api.post("/tokens", Map.of("document_id", "d"), "Authorization", "Bearer " + IDP.token(user, List.of(), null),
				"Origin", "https://evil.example.com");
		assertThat(refusedRequest.status()).isEqualTo(403);
		assertThat(refusedRequest.code()).isEqualTo("ORIGIN_NOT_ALLOWED");

		String token = IDP.token(user, List.of(), null);
		var actual = api.post("/tokens", Map.of("document_id", "d"), "Authorization", "Bearer " + token, "Origin", "https://app.example.com");
		assertThat(actual.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
	}

	private HttpRequest preflight(String origin) {
		return HttpRequest.newBuilder(URI.create(api.base() + "/tokens"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "authorization,content-type")
			.build();
	}

	@Test
	@SuppressWarnings("unchecked")
	void eachProfilesKeyIsFetchableByProfileAndAKeySharedWithOtherProfilesIsReported() {
		var moengage = api.get("/keys/profiles/moengage.pem");
		assertThat(moengage.status()).isEqualTo(200);
		assertThat(moengage.header("Content-Type")).startsWith("application/x-pem-file");
		assertThat(moengage.body()).startsWith("-----BEGIN PUBLIC KEY-----");
		assertThat(moengage.header("X-Key-Id")).isEqualTo(api.get("/keys/profiles/chat.pem").header("X-Key-Id"));
		var unknown = api.get("/keys/profiles/no-such-profile.pem");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.body()).as("lists no profiles to an anonymous caller").doesNotContain("moengage").doesNotContain("chat");
		var token = api.post("/tokens", Map.of("profile", "moengage", "user_id", "customer-1"), TestApi.apiKey(clientKey));
		var report = api.post("/tokens/verify", Map.of("token", token.json().get("token"), "profile", "moengage"), TestApi.apiKey(clientKey))
			.json();
		assertThat(report).containsEntry("valid", true);
		assertThat((List<Map<String, Object>>) report.get("warnings")).extracting(warning -> warning.get("code"))
			.contains("KEY_SHARED_WITH_PROFILES");
	}

}
