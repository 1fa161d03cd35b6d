package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.tokenmint.support.EndToEndTest;
import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.Test;

/** The benchmark's cost ladder: absent unless enabled, and where enabled it hands out no token and no record. */
class CostLadderTests extends EndToEndTest {

	static final Map<String, Object> REQUEST = Map.of("document_id", "doc-1", "user_id", "u",
			"permissions", List.of("read-document"));

	static final List<String> RUNGS = List.of("authenticated", "json", "decided", "signed");

	@Test
	void noRungAnswersAClientByDefault() {
		String key = createClient("all", List.of("*"));
		for (String rung : RUNGS) {
			var answer = api.post("/bench/ladder/" + rung, REQUEST, TestApi.apiKey(key));
			assertThat(answer.status()).as(rung).isEqualTo(403);
			assertThat(answer.code()).isEqualTo("ACCESS_DENIED");
		}
	}

}
