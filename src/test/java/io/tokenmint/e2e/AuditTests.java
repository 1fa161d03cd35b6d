package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tokenmint.support.ConcurrentIssuance;
import io.tokenmint.support.EndToEndTest;
import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class AuditTests extends EndToEndTest {

	@Autowired
	JdbcClient jdbc;

	private Map<String, Object> newClient(List<String> documents) {
		var created = api.post("/admin/clients", Map.of("name", "audited", "max_permissions", "all", "documents", documents), admin());
		return created.json();
	}

	@Test
	void recordsExactlyOneEntryPerConcurrentRequest() throws Exception {
		var client = newClient(List.of("conc-*"));
		ConcurrentIssuance.issueAndCheckAudit(api, (String) client.get("api_key"), (String) client.get("id"), jdbc, 8, 40);
	}

	@Test
	@SuppressWarnings("unchecked")
	void pagesThroughRecordsNewestFirstWithFilters() {
		var client = newClient(List.of("page-*"));
		String key = (String) client.get("api_key");
		String id = (String) client.get("id");
		for (int i = 0; i < 5; i++) {
			api.post("/tokens", Map.of("document_id", "page-" + i, "user_id", "u-" + id), TestApi.apiKey(key));
		}
		api.post("/tokens", Map.of("document_id", "nope"), TestApi.apiKey(key));

		var first = api.get("/admin/audit?kind=token&subject=" + id + "&limit=2", admin()).json();
		var items = (List<Map<String, Object>>) first.get("items");
		assertThat(items).hasSize(2);
		assertThat(items.get(0)).containsEntry("outcome", "REFUSED").containsEntry("refusal_code", "DOCUMENT_NOT_ALLOWED");
		assertThat(items.get(1)).containsEntry("document_id", "page-4").containsEntry("caller_kind", "client")
			.containsEntry("permissions", List.of("all")).containsKeys("jti", "kid", "expires_at", "occurred_at", "remote_address");
		var second = api.get("/admin/audit?kind=token&subject=" + id + "&limit=2&cursor=" + first.get("next_cursor"), admin()).json();
		assertThat((List<Map<String, Object>>) second.get("items")).extracting(r -> r.get("document_id"))
			.containsExactly("page-3", "page-2");
		var third = api.get("/admin/audit?kind=token&subject=" + id + "&limit=2&cursor=" + second.get("next_cursor"), admin()).json();
		assertThat((List<Map<String, Object>>) third.get("items")).hasSize(2);
		assertThat(third.get("next_cursor")).isNull();

		var byUser = api.get("/admin/audit?subject=u-" + id, admin()).json();
		assertThat((List<?>) byUser.get("items")).hasSize(5);
		var refused = api.get("/admin/audit?subject=" + id + "&outcome=refused", admin()).json();
		assertThat((List<?>) refused.get("items")).hasSize(1);
		var byDocument = api.get("/admin/audit?document_id=page-3", admin()).json();
		assertThat((List<?>) byDocument.get("items")).hasSize(1);
		String future = Instant.now().plusSeconds(60).toString();
		assertThat((List<?>) api.get("/admin/audit?subject=" + id + "&since=" + future, admin()).json().get("items")).isEmpty();
		assertThat((List<?>) api.get("/admin/audit?kind=token&subject=" + id + "&until=" + future, admin()).json().get("items")).hasSize(6);
	}

	@Test
	void exportsMatchingRecordsAsNdjson() {
		var client = newClient(List.of("export-*"));
		for (int i = 0; i < 3; i++) {
			api.post("/tokens", Map.of("document_id", "export-" + i), TestApi.apiKey((String) client.get("api_key")));
		}
		var export = api.get("/admin/audit/export?kind=token&subject=" + client.get("id"), admin());
		assertThat(export.status()).isEqualTo(200);
		assertThat(export.header("Content-Type")).startsWith("application/x-ndjson");
		List<String> lines = export.body().lines().toList();
		assertThat(lines).hasSize(3);
		assertThat(lines).allSatisfy(line -> assertThat(TestApi.JSON.readTree(line).get("outcome").asString()).isEqualTo("ISSUED"));
	}

	@Test
	void refusesMalformedQueries() {
		assertThat(api.get("/admin/audit?since=yesterday", admin()).code()).isEqualTo("INVALID_PARAMETER");
		assertThat(api.get("/admin/audit?outcome=maybe", admin()).code()).isEqualTo("INVALID_PARAMETER");
		assertThat(api.get("/admin/audit?limit=0", admin()).code()).isEqualTo("INVALID_PARAMETER");
		assertThat(api.get("/admin/audit?limit=abc", admin()).code()).isEqualTo("INVALID_PARAMETER");
		assertThat(api.get("/admin/audit?cursor=x", admin()).code()).isEqualTo("INVALID_PARAMETER");
	}

}
