package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tokenmint.support.EndToEndTest;
import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule on a token request, over HTTP: the status, the code, the pointer, and never a token. */
class RequestValidationTests extends EndToEndTest {

	private String clientKey;

	private String narrowClientKey;

	@BeforeEach
	void clients() {
		clientKey = createClient("all", List.of("*"));
		narrowClientKey = createClient(Map.of("name", "narrow", "max_permissions", List.of("read-document", "download"),
				"documents", List.of("contracts-*", "doc-1"), "max_expires_in", 600));
	}

	static Stream<Arguments> invalidBodies() {
		String longId = "x".repeat(257);
		return Stream.of(
				Arguments.of("{}", "FIELD_REQUIRED", "/document_id"),
				Arguments.of("{\"document_id\":\"  \"}", "FIELD_BLANK", "/document_id"),
				Arguments.of("{\"document_id\":\"" + longId + "\"}", "FIELD_TOO_LONG", "/document_id"),
				Arguments.of("{\"document_id\":\"doc\\u0000\"}", "CONTROL_CHARACTERS", "/document_id"),
				Arguments.of("{\"document_id\":\"doc\\u202e\"}", "CONTROL_CHARACTERS", "/document_id"),
				Arguments.of("{\"document_id\":\"d\",\"layer\":\"" + longId + "\"}", "FIELD_TOO_LONG", "/layer"),
				Arguments.of("{\"document_id\":\"d\",\"layer\":\"a\\nb\"}", "CONTROL_CHARACTERS", "/layer"),
				Arguments.of("{\"document_id\":\"d\",\"layer\":\"\"}", "FIELD_BLANK", "/layer"),
				Arguments.of("{\"document_id\":\"d\",\"permissions\":[\"read-document\",\"admin\"]}", "INVALID_PERMISSION", "/permissions/1"),
				Arguments.of("{\"document_id\":\"d\",\"permissions\":\"everything\"}", "INVALID_PERMISSION", "/permissions"),
				Arguments.of("{\"document_id\":\"d\",\"permissions\":[\"all\",\"write\"]}", "PERMISSIONS_ALL_MIXED", "/permissions"),
				Arguments.of("{\"document_id\":\"d\",\"permissions\":[]}", "PERMISSIONS_EMPTY", "/permissions"),
				Arguments.of("{\"document_id\":\"d\",\"permissions\":{\"all\":true}}", "WRONG_TYPE", "/permissions"),
				Arguments.of("{\"document_id\":\"d\",\"user_id\":\"u\",\"collaboration_permissions\":[\"annotations:view\"]}",
						"INVALID_COLLABORATION_PERMISSION", "/collaboration_permissions/0"),
				Arguments.of("{\"document_id\":\"d\",\"user_id\":\"u\",\"collaboration_permissions\":[\"annotations:view:all\",\"pages:view:all\"]}",
						"INVALID_COLLABORATION_PERMISSION", "/collaboration_permissions/1"),
				Arguments.of("{\"document_id\":\"d\",\"user_id\":\"u\",\"collaboration_permissions\":[\"form-fields:edit:self\"]}",
						"INVALID_COLLABORATION_PERMISSION", "/collaboration_permissions/0"),
				Arguments.of("{\"document_id\":\"d\",\"user_id\":\"u\",\"collaboration_permissions\":[\"form-fields:fill:createdBy=bob\"]}",
						"INVALID_COLLABORATION_PERMISSION", "/collaboration_permissions/0"),
				Arguments.of("{\"document_id\":\"d\",\"collaboration_permissions\":[\"annotations:view:all\"]}",
						"COLLABORATION_PERMISSIONS_WITHOUT_USER_ID", "/collaboration_permissions"),
				Arguments.of("{\"document_id\":\"d\",\"expires_in\":0}", "EXPIRES_IN_OUT_OF_RANGE", "/expires_in"),
				Arguments.of("{\"document_id\":\"d\",\"expires_in\":-5}", "EXPIRES_IN_OUT_OF_RANGE", "/expires_in"),
				Arguments.of("{\"document_id\":\"d\",\"expires_in\":86401}", "EXPIRES_IN_OUT_OF_RANGE", "/expires_in"),
				Arguments.of("{\"document_id\":\"d\",\"expires_in\":1.5}", "WRONG_TYPE", "/expires_in"),
				Arguments.of("{\"document_id\":\"d\",\"expires_in\":\"3600\"}", "WRONG_TYPE", "/expires_in"),
				Arguments.of("{\"document_id\":\"d\",\"expires_in\":1e400}", "WRONG_TYPE", "/expires_in"),
				Arguments.of("{\"document_id\":42}", "WRONG_TYPE", "/document_id"),
				Arguments.of("{\"document_id\":[\"d\"]}", "WRONG_TYPE", "/document_id"),
				Arguments.of("{\"document_id\":\"d\",\"user_id\":\"u\",\"collaboration_permissions\":[7]}", "WRONG_TYPE",
						"/collaboration_permissions/0"),
				Arguments.of("{\"document_id\":\"d\",\"role\":\"admin\"}", "UNKNOWN_FIELD", "/role"),
				Arguments.of("{\"document_id\":\"d\",\"default_group\":\"g\"}", "UNKNOWN_FIELD", "/default_group"),
				Arguments.of("{\"document_id\":\"d\"", "MALFORMED_JSON", null),
				Arguments.of("{\"document_id\":\"d\",\"document_id\":\"e\"}", "MALFORMED_JSON", null),
				Arguments.of("{\"document_id\":\"d\"} {}", "MALFORMED_JSON", null),
				Arguments.of("[\"d\"]", "MALFORMED_JSON", null),
				Arguments.of("", "MALFORMED_JSON", null),
				Arguments.of("null", "MALFORMED_JSON", null));
	}

	@ParameterizedTest(name = "{1} at {2}: {0}")
	@MethodSource("invalidBodies")
	void refusesInvalidBodiesWith400AndAStableCode(String body, String code, String pointer) {
		var response = api.post("/tokens", body, TestApi.apiKey(clientKey));
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.code()).isEqualTo(code);
		if (pointer != null) {
			assertThat(response.json()).containsEntry("pointer", pointer);
		}
		assertThat(response.json()).containsKey("request_id").doesNotContainKey("token");
	}

	static Stream<Arguments> outOfScope() {
		return Stream.of(
				Arguments.of(Map.of("document_id", "invoices-1"), "DOCUMENT_NOT_ALLOWED"),
				Arguments.of(Map.of("document_id", "doc-10"), "DOCUMENT_NOT_ALLOWED"),
				Arguments.of(Map.of("document_id", "contracts-1", "permissions", List.of("write")), "PERMISSION_NOT_ALLOWED"),
				Arguments.of(Map.of("document_id", "contracts-1", "permissions", "all"), "PERMISSION_NOT_ALLOWED"),
				Arguments.of(Map.of("document_id", "contracts-1", "expires_in", 601), "EXPIRES_IN_NOT_ALLOWED"),
				Arguments.of(Map.of("document_id", "contracts-1", "password", "pdf-pass"), "PASSWORD_NOT_ALLOWED"));
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("outOfScope")
	void refusesRequestsBeyondTheClientsScopeWith403(Map<String, Object> body, String code) {
		var response = api.post("/tokens", body, TestApi.apiKey(narrowClientKey));
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.code()).isEqualTo(code);
		assertThat(response.json()).doesNotContainKey("token");
	}

	@Test
	void issuesInsideTheNarrowScope() {
		var response = api.post("/tokens", Map.of("document_id", "contracts-9", "permissions", List.of("read-document"),
				"expires_in", 600), TestApi.apiKey(narrowClientKey));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	/**
	 * What a generated client sends for lists it was not given: the same as leaving them out, except where leaving
	 * out means more than an empty list (docs/api.md): no empty list is ever read as a wider grant.
	 */
	@Test
	void anEmptyListIsTheFieldLeftOutUnlessThatWouldGrantMore() throws Exception {
		var restricted = api.post("/tokens", Map.of("document_id", "d", "user_id", "u", "collaboration_permissions", List.of()),
				TestApi.apiKey(clientKey));
		assertThat(restricted.status()).as(restricted.toString()).isEqualTo(200);
		assertThat(com.nimbusds.jwt.SignedJWT.parse((String) restricted.json().get("token")).getJWTClaimsSet().getClaim("collaboration_permissions"))
			.as("kept: the user may see and do nothing, where leaving it out would restrict nothing").isEqualTo(List.of());
		var client = api.post("/admin/clients", Map.of("name", "generated", "max_permissions", "all", "documents", List.of("*"), "profiles",
				List.of()), TestApi.apiKey(ADMIN_KEY));
		assertThat(client.status()).as(client.toString()).isEqualTo(201);
		assertThat(client.json().get("profiles")).as("the default profile, as when left out").isEqualTo(List.of("instant"));
		var grant = api.post("/admin/grants", Map.of("subject", "user:alice", "document_id", "d", "permissions", "all", "profiles", List.of(),
				"collaboration_permissions", List.of()), TestApi.apiKey(ADMIN_KEY));
		assertThat(grant.status()).as(grant.toString()).isEqualTo(201);
		assertThat(grant.json().get("profiles")).isEqualTo(List.of("instant"));
		var documents = api.post("/admin/clients", Map.of("name", "no-documents", "max_permissions", "all", "documents", List.of()),
				TestApi.apiKey(ADMIN_KEY));
		assertThat(documents.code()).as("required, empty or not").isEqualTo("FIELD_REQUIRED");
		var permissions = api.post("/tokens", Map.of("document_id", "d", "permissions", List.of()), TestApi.apiKey(clientKey));
		assertThat(permissions.code()).as("an empty permission list is never read as the most there is").isEqualTo("PERMISSIONS_EMPTY");
	}

	/** Refusals that say how to fix the request, without quoting anything secret. */
	@Test
	void refusalsSayHowToFixIt() {
		var keyAsBearer = api.post("/tokens", Map.of("document_id", "d"), "Authorization", "Bearer " + clientKey);
		assertThat(keyAsBearer.status()).isEqualTo(401);
		assertThat(keyAsBearer.json().get("detail").toString()).contains("X-Api-Key").doesNotContain(clientKey);
		var document = api.post("/tokens", Map.of("document_id", "invoices-7"), TestApi.apiKey(narrowClientKey));
		assertThat(document.code()).isEqualTo("DOCUMENT_NOT_ALLOWED");
		assertThat(document.json().get("detail").toString()).contains("'invoices-7'").contains("contracts-*").contains("doc-1");
		var malformed = api.post("/tokens", "{\"document_id\": \"d\",\n \"password\": \"s3cret-in-a-broken-body\" x}", TestApi.apiKey(clientKey));
		assertThat(malformed.code()).isEqualTo("MALFORMED_JSON");
		assertThat(malformed.json().get("detail").toString()).contains("line 2, column").doesNotContain("s3cret");
		var adminForTokens = api.post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(ADMIN_KEY));
		assertThat(adminForTokens.code()).isEqualTo("ACCESS_DENIED");
		assertThat(adminForTokens.json().get("detail").toString()).contains("POST /admin/clients");
		var clientForAdmin = api.get("/admin/clients", TestApi.apiKey(clientKey));
		assertThat(clientForAdmin.code()).isEqualTo("ACCESS_DENIED");
		assertThat(clientForAdmin.json().get("detail").toString()).contains("admin key");
	}

	@Test
	void refusesOtherContentTypesWith415() {
		var response = api.post("/tokens", "document_id=d", "X-Api-Key", clientKey, "Content-Type", "application/x-www-form-urlencoded");
		assertThat(response.status()).isEqualTo(415);
		assertThat(response.code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void refusesBodiesOver64KiBWith413() {
		String big = "{\"document_id\":\"" + "x".repeat(70_000) + "\"}";
		var response = api.post("/tokens", big, TestApi.apiKey(clientKey));
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.code()).isEqualTo("PAYLOAD_TOO_LARGE");
	}

	@Test
	void refusesChunkedBodiesThatGrowPast64KiBWith413() throws Exception {
		String big = "{\"document_id\":\"" + "x".repeat(70_000) + "\"}";
		var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + "/tokens"))
			.header("X-Api-Key", clientKey).header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())))
			.build();
		var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("PAYLOAD_TOO_LARGE");
	}

	@Test
	void refusesUnauthenticatedAndBadlyAuthenticatedRequestsWith401() {
		var none = api.post("/tokens", Map.of("document_id", "d"));
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.code()).isEqualTo("UNAUTHENTICATED");
		assertThat(none.header("WWW-Authenticate")).contains("ApiKey");
		var wrong = api.post("/tokens", Map.of("document_id", "d"), TestApi.apiKey("tmk_not-a-real-key"));
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.code()).isEqualTo("INVALID_API_KEY");
		var empty = api.post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(""));
		assertThat(empty.status()).isEqualTo(401);
	}

	@Test
	void refusesAMalformedOriginHeaderInsteadOfFailing() {
		// Found by HostileInputTests: Spring's CORS check threw on this and answered 500.
		for (String origin : List.of("%!", "^%JBD;%-x", "http://%zz")) {
			var response = api.post("/tokens", Map.of("document_id", "d"), "X-Api-Key", clientKey, "Origin", origin);
			assertThat(response.status()).as(origin).isEqualTo(400);
			assertThat(response.code()).isEqualTo("INVALID_HEADER");
		}
	}

	@Test
	void answersUnknownPathsAndMethodsWithProblems() {
		var unknown = api.get("/nope", TestApi.apiKey(clientKey));
		assertThat(unknown.status()).isIn(403, 404);
		assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
		var wrongMethod = api.get("/tokens", TestApi.apiKey(clientKey));
		assertThat(wrongMethod.status()).isIn(403, 405);
		assertThat(wrongMethod.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void aRequestLineTooLargeForTheContainerStillGetsAProblemBody() {
		var tooLong = api.get("/admin/audit?subject=" + "%F4%8F%BF%BE".repeat(1000), admin());
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.header("Content-Type")).startsWith("application/problem+json");
		assertThat(tooLong.code()).isEqualTo("REQUEST_REJECTED");
	}

}
