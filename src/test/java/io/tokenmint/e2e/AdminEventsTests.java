package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.tokenmint.support.EndToEndTest;

import org.junit.jupiter.api.Test;

/** Who gave this client "all", and when: every administrative change is in the audit log with its actor. */
class AdminEventsTests extends EndToEndTest {

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> adminEventsAbout(String target) {
		var page = api.get("/admin/audit?kind=admin&subject=" + target, admin());
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		return (List<Map<String, Object>>) page.json().get("items");
	}

	@Test
	@SuppressWarnings("unchecked")
	void recordsClientChangesWithTheirActorAndABeforeAfterSummary() {
		var created = api.post("/admin/clients", Map.of("name", "audited-admin", "max_permissions", "all", "documents", List.of("*")),
				admin()).json();
		String id = (String) created.get("id");
		assertThat(api.post("/admin/clients/" + id + "/key", Map.of(), admin()).status()).isEqualTo(200);
		assertThat(api.delete("/admin/clients/" + id, admin()).status()).isEqualTo(204);

		var events = adminEventsAbout(id);
		assertThat(events).extracting(event -> event.get("action")).containsExactly("client.revoked", "client.key-replaced",
				"client.created");
		assertThat(events).allSatisfy(event -> {
			assertThat(event).containsEntry("kind", "admin").containsEntry("caller_kind", "admin").containsEntry("caller_id", "admin")
				.containsEntry("target", id).containsKey("remote_address");
			assertThat(event.toString()).doesNotContain("tmk_").doesNotContain((String) created.get("api_key"));
		});
		var after = (Map<String, Object>) ((Map<String, Object>) events.get(2).get("details")).get("after");
		assertThat(after).containsEntry("max_permissions", "all").containsEntry("documents", List.of("*")).doesNotContainKey("api_key");
		assertThat((Map<String, Object>) events.get(0).get("details")).containsKey("before");

		var export = api.get("/admin/audit/export?kind=admin&subject=" + id, admin());
		assertThat(export.body().lines()).hasSize(3);
		assertThat(api.get("/admin/audit?kind=token&subject=" + id, admin()).json().get("items")).isEqualTo(List.of());
	}

	@Test
	void recordsGrantChanges() {
		var grant = api.post("/admin/grants", Map.of("subject", "user:audited", "document_id", "contracts-*", "permissions", "all"), admin())
			.json();
		String id = (String) grant.get("id");
		assertThat(api.delete("/admin/grants/" + id, admin()).status()).isEqualTo(204);
		assertThat(adminEventsAbout(id)).extracting(event -> event.get("action")).containsExactly("grant.deleted", "grant.created");
	}

	@Test
	void aKeyStepThatChangesNothingAnswersConflictAndRecordsNothing() {
		var keys = api.get("/admin/keys", admin()).jsonList();
		String kid = (String) keys.stream().filter(key -> "ACTIVE".equals(key.get("state"))).findFirst().orElseThrow().get("kid");
		int before = adminEventsAbout(kid).size();
		var answer = api.post("/admin/keys/" + kid + "/activate?force=true", Map.of(), admin());
		assertThat(answer.status()).isEqualTo(409);
		assertThat(answer.code()).isEqualTo("KEY_STATE_CONFLICT");
		assertThat(answer.body()).as("says what the state is now").contains("is ACTIVE now");
		assertThat(adminEventsAbout(kid)).hasSize(before);
	}

	@Test
	void refusesAnUnknownKindOfRecord() {
		var answer = api.get("/admin/audit?kind=secret", admin());
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.code()).isEqualTo("INVALID_PARAMETER");
	}

}
