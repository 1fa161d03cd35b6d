package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.bucket4j.TimeMeter;
import io.tokenmint.release.Release;
import io.tokenmint.support.EndToEndTest;
import io.tokenmint.support.ManualTimeMeter;
import io.tokenmint.support.TestApi;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Probes, metrics and info for operators; per-caller rate limits. */
class OperationsTests extends EndToEndTest {

	/** The rate limits' clock stands still: three tokens, then a 429, however slowly the requests go. */
	@TestConfiguration
	static class StillClock {

		@Bean
		TimeMeter rateLimitClock() {
			return new ManualTimeMeter();
		}

	}

	@DynamicPropertySource
	static void tightLimits(DynamicPropertyRegistry registry) {
		registry.add("tokenmint.rate-limit.client.per-second", () -> "1");
		registry.add("tokenmint.rate-limit.client.burst", () -> "3");
	}

	@Test
	void servesProbesToAnyoneButDetailsOnlyToTheAdmin() {
		var liveness = api.get("/actuator/health/liveness");
		assertThat(liveness.status()).isEqualTo(200);
		assertThat(liveness.json()).containsEntry("status", "UP");
		var readiness = api.get("/actuator/health/readiness");
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.json()).containsEntry("status", "UP");
		assertThat(readiness.body()).contains("db").contains("signing").contains("readinessState").doesNotContain("details");
		assertThat(api.get("/actuator/health/signing").json()).doesNotContainKey("details");
		assertThat(api.get("/actuator/health/signing", admin()).json()).containsKey("details");
	}

	@Test
	void keepsMetricsAndInfoBehindTheAdminKey() {
		assertThat(api.get("/actuator/prometheus").status()).isEqualTo(401);
		assertThat(api.get("/actuator/info").status()).isEqualTo(401);
		String client = createClient("all", List.of("*"));
		assertThat(api.get("/actuator/prometheus", TestApi.apiKey(client)).status()).isEqualTo(403);
		assertThat(api.get("/actuator/env", admin()).status()).as("not exposed").isIn(403, 404);
	}

	@Test
	void exposesTokenMetricsForPrometheus() {
		String client = createClient("all", List.of("*"));
		api.post("/tokens", Map.of("document_id", "metrics"), TestApi.apiKey(client));
		api.post("/tokens", Map.of("document_id", "metrics", "permissions", List.of("x")), TestApi.apiKey(client));
		var scrape = api.get("/actuator/prometheus", admin());
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.body()).contains("tokenmint_tokens_issued_total{alg=\"RS256\",profile=\"instant\"}")
			.contains("tokenmint_tokens_refused_total{code=\"INVALID_PERMISSION\",profile=\"instant\"}")
			.contains("tokenmint_signing_seconds_count{alg=\"RS256\"}")
			.contains("tokenmint_audit_write_seconds_count")
			.contains("http_server_requests_seconds_bucket");
	}

	@Test
	@SuppressWarnings("unchecked")
	void reportsTheVersionInInfo() {
		var info = api.get("/actuator/info", admin()).json();
		assertThat((Map<String, Object>) info.get("build")).containsEntry("version", Release.current().version());
		// The commit, when the build had a repository to read it from (a clone does; a source archive does not).
		if (Files.isDirectory(Path.of(".git"))) {
			assertThat((Map<String, Object>) ((Map<String, Object>) info.get("git")).get("commit")).extractingByKey("id")
				.asInstanceOf(InstanceOfAssertFactories.MAP).extractingByKey("full").asString().matches("[0-9a-f]{40}");
		}
	}

	@Test
	void limitsEachCallerWith429AndRetryAfter() {
		String first = createClient("all", List.of("*"));
		String second = createClient("all", List.of("*"));
		for (int i = 0; i < 3; i++) {
			assertThat(api.post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(first)).status()).isEqualTo(200);
		}
		var limited = api.post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(first));
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.code()).isEqualTo("RATE_LIMITED");
		assertThat(limited.header("Retry-After")).matches("[1-9][0-9]*");
		assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
		assertThat(api.post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(second)).status()).as("limits are per caller").isEqualTo(200);
		assertThat(api.get("/admin/clients", admin()).status()).as("the admin is not limited").isEqualTo(200);
	}

}
