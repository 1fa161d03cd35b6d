package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.tokenmint.support.EndToEndTest;
import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ClientAdminTests extends EndToEndTest {

	@Autowired
	JdbcClient jdbc;

	private static final Map<String, Object> CLIENT = Map.of("name", "nutrient backend", "max_permissions",
			List.of("read-document", "write"), "documents", List.of("contracts-*"), "max_expires_in", 900);

	@Test
	void createsAClientShowingItsKeyOnce() {
		var created = api.post("/admin/clients", CLIENT, admin());
		assertThat(created.status()).isEqualTo(201);
		var body = created.json();
		String id = (String) body.get("id");
		String key = (String) body.get("api_key");
		assertThat(key).startsWith("tmk_").hasSizeGreaterThanOrEqualTo(4 + 43);
		assertThat(body).containsEntry("name", "nutrient backend").containsEntry("max_expires_in", 900)
			.containsEntry("may_set_password", false).containsEntry("documents", List.of("contracts-*"))
			.containsEntry("max_permissions", List.of("read-document", "write"));

		var fetched = api.get("/admin/clients/" + id, admin());
		assertThat(fetched.status()).isEqualTo(200);
		assertThat(fetched.json()).doesNotContainKey("api_key").containsEntry("id", id);
		assertThat(api.get("/admin/clients", admin()).jsonList()).anySatisfy(c -> assertThat(c).containsEntry("id", id)
			.doesNotContainKey("api_key"));
	}

	@Test
	void storesOnlyAHashOfTheKey() {
		String key = (String) api.post("/admin/clients", CLIENT, admin()).json().get("api_key");
		var stored = jdbc.sql("SELECT * FROM api_client").query().listOfRows();
		assertThat(stored.toString()).doesNotContain(key).doesNotContain(key.substring(4));
	}

	@Test
	void revokesAClientAtOnce() {
		var body = api.post("/admin/clients", CLIENT, admin()).json();
		String key = (String) body.get("api_key");
		assertThat(api.post("/tokens", Map.of("document_id", "contracts-1"), TestApi.apiKey(key)).status()).isEqualTo(200);
		assertThat(api.delete("/admin/clients/" + body.get("id"), admin()).status()).isEqualTo(204);
		var after = api.post("/tokens", Map.of("document_id", "contracts-1"), TestApi.apiKey(key));
		assertThat(after.status()).isEqualTo(401);
		assertThat(after.code()).isEqualTo("INVALID_API_KEY");
		assertThat(api.get("/admin/clients/" + body.get("id"), admin()).json()).containsKey("revoked_at");
		assertThat(api.delete("/admin/clients/" + body.get("id"), admin()).status()).isEqualTo(404);
	}

	@Test
	void replacesAKeySoTheOldOneDies() {
		var body = api.post("/admin/clients", CLIENT, admin()).json();
		String oldKey = (String) body.get("api_key");
		var rotated = api.post("/admin/clients/" + body.get("id") + "/key", "", admin());
		assertThat(rotated.status()).isEqualTo(200);
		String newKey = (String) rotated.json().get("api_key");
		assertThat(newKey).isNotEqualTo(oldKey);
		assertThat(api.post("/tokens", Map.of("document_id", "contracts-1"), TestApi.apiKey(oldKey)).status()).isEqualTo(401);
		assertThat(api.post("/tokens", Map.of("document_id", "contracts-1"), TestApi.apiKey(newKey)).status()).isEqualTo(200);
	}

	@Test
	void keepsClientsAndAnonymousCallersOutOfAdmin() {
		String key = (String) api.post("/admin/clients", CLIENT, admin()).json().get("api_key");
		var asClient = api.get("/admin/clients", TestApi.apiKey(key));
		assertThat(asClient.status()).isEqualTo(403);
		assertThat(asClient.code()).isEqualTo("ACCESS_DENIED");
		var anonymous = api.get("/admin/clients");
		assertThat(anonymous.status()).isEqualTo(401);
		var wrongKey = api.get("/admin/clients", TestApi.apiKey(ADMIN_KEY + "x"));
		assertThat(wrongKey.status()).isEqualTo(401);
		assertThat(api.post("/admin/clients", CLIENT, TestApi.apiKey(key)).status()).isEqualTo(403);
	}

	@Test
	void refusesInvalidClientDefinitions() {
		var missing = api.post("/admin/clients", Map.of("name", "x"), admin());
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.code()).isEqualTo("FIELD_REQUIRED");
		var badPattern = api.post("/admin/clients", Map.of("name", "x", "max_permissions", "all", "documents", List.of("*-doc")), admin());
		assertThat(badPattern.code()).isEqualTo("INVALID_DOCUMENT_PATTERN");
		assertThat(badPattern.json()).containsEntry("pointer", "/documents/0");
		var badPermission = api.post("/admin/clients", Map.of("name", "x", "max_permissions", List.of("root"), "documents", List.of("*")), admin());
		assertThat(badPermission.code()).isEqualTo("INVALID_PERMISSION");
		var tooLong = api.post("/admin/clients", Map.of("name", "x", "max_permissions", "all", "documents", List.of("*"),
				"max_expires_in", 86_401), admin());
		assertThat(tooLong.code()).isEqualTo("EXPIRES_IN_OUT_OF_RANGE");
		var unknownField = api.post("/admin/clients", Map.of("name", "x", "max_permissions", "all", "documents", List.of("*"),
				"admin", true), admin());
		assertThat(unknownField.code()).isEqualTo("UNKNOWN_FIELD");
	}

	@Test
	void changesAClientsScopeKeepingItsKeyAndRecordsBeforeAndAfter() {
		var created = api.post("/admin/clients", Map.of("name", "wide", "max_permissions", "all", "documents", List.of("*"), "profiles",
				List.of("instant", "moengage")), admin());
		String id = (String) created.json().get("id");
		String key = (String) created.json().get("api_key");
		assertThat(api.post("/tokens", Map.of("document_id", "other-1"), TestApi.apiKey(key)).status()).isEqualTo(200);

		var narrowed = api.patch("/admin/clients/" + id, Map.of("documents", List.of("contracts-*"), "max_permissions", List.of("read-document"),
				"profiles", List.of()), admin());
		assertThat(narrowed.status()).as(narrowed.toString()).isEqualTo(200);
		assertThat(narrowed.json()).containsEntry("documents", List.of("contracts-*")).containsEntry("max_permissions", List.of("read-document"))
			.containsEntry("name", "wide").doesNotContainKey("api_key");
		assertThat(narrowed.json().get("profiles")).as("an empty list leaves the profiles as they were").isEqualTo(List.of("instant", "moengage"));
		// At once on this replica: the same key, held to the new scope from its next request.
		assertThat(api.post("/tokens", Map.of("document_id", "other-1"), TestApi.apiKey(key)).code()).isEqualTo("DOCUMENT_NOT_ALLOWED");
		assertThat(api.post("/tokens", Map.of("document_id", "contracts-1", "permissions", List.of("write")), TestApi.apiKey(key)).code())
			.isEqualTo("PERMISSION_NOT_ALLOWED");
		assertThat(api.post("/tokens", Map.of("document_id", "contracts-1"), TestApi.apiKey(key)).status()).isEqualTo(200);

		var event = jdbc.sql("SELECT details FROM audit_event WHERE action = 'client.updated' AND target = ?").param(id).query(String.class).single();
		assertThat(event).contains("\"before\"").contains("\"after\"").contains("contracts-*").doesNotContain(key);

		var invalid = api.patch("/admin/clients/" + id, Map.of("max_expires_in", 0), admin());
		assertThat(invalid.code()).isEqualTo("EXPIRES_IN_OUT_OF_RANGE");
		assertThat(api.get("/admin/clients/" + id, admin()).json()).as("a refused change changes nothing")
			.containsEntry("documents", List.of("contracts-*"));
		assertThat(api.patch("/admin/clients/" + id, Map.of("admin", true), admin()).code()).isEqualTo("UNKNOWN_FIELD");
		assertThat(api.delete("/admin/clients/" + id, admin()).status()).isEqualTo(204);
		assertThat(api.patch("/admin/clients/" + id, Map.of("name", "back"), admin()).code()).as("a revoked client stays revoked")
			.isEqualTo("CLIENT_NOT_FOUND");
	}

	@Test
	void aClientForProfilesThatOpenNoDocumentsNeedsNeitherDocumentsNorPermissions() {
		var braze = api.post("/admin/clients", Map.of("name", "braze backend", "profiles", List.of("braze")), admin());
		assertThat(braze.status()).as(braze.toString()).isEqualTo(201);
		assertThat(braze.json()).containsEntry("documents", List.of()).containsEntry("max_permissions", List.of());
		String key = (String) braze.json().get("api_key");
		assertThat(api.post("/tokens", Map.of("profile", "braze", "user_id", "u-1"), TestApi.apiKey(key)).status()).isEqualTo(200);
		assertThat(api.post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(key)).code()).isEqualTo("PROFILE_NOT_ALLOWED");
		// Adding instant to it asks for what instant tokens need.
		var widened = api.patch("/admin/clients/" + braze.json().get("id"), Map.of("profiles", List.of("braze", "instant")), admin());
		assertThat(widened.status()).isEqualTo(400);
		assertThat(widened.body()).contains("/max_permissions").contains("/documents").contains("[instant]");
		var missing = api.post("/admin/clients", Map.of("name", "x", "profiles", List.of("instant")), admin());
		assertThat(missing.code()).isEqualTo("FIELD_REQUIRED");
	}

	@Test
	void answers404ForUnknownClients() {
		var response = api.get("/admin/clients/00000000-0000-0000-0000-000000000000", admin());
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.code()).isEqualTo("CLIENT_NOT_FOUND");
		assertThat(api.post("/admin/clients/nope/key", "", admin()).code()).isEqualTo("CLIENT_NOT_FOUND");
	}

}
