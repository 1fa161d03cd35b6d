package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tokenmint.support.JarProcess;
import io.tokenmint.support.Replica;
import io.tokenmint.support.StandInDocumentEngine;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestKeystores;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Debian's Prometheus scrapes the packaged service with the metrics key (as its {@code authorization} setting sends
 * it) and evaluates the shipped rules; the service's required Document Engine answers every delivery with 500. The
 * delivery alert must reach the firing state in Prometheus' own API, and the signing alerts stay quiet. The rule is the
 * shipped one with its {@code for} cut from 10 minutes to 10 seconds, so that the test does not wait out the real
 * patience; the expression is unchanged.
 */
class PrometheusAlertIT {

	private static final String ADMIN_KEY = "prometheus-admin-key-0123456789abcdef";

	private static final String METRICS_KEY = "prometheus-metrics-key-0123456789abcdef";

	private static final String DE_TOKEN = "prometheus-de-token-0123456789";

	private static final String ALERT = "TokenmintRequiredConsumerFailing";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aFailingRequiredConsumerFiresTheDeliveryAlertInARealPrometheus() throws Exception {
		boolean installed = new File("/usr/bin/prometheus").canExecute();
		if (!installed && "1".equals(System.getenv("TOKENMINT_REQUIRE_PROMETHEUS"))) {
			throw new IllegalStateException("prometheus is required (TOKENMINT_REQUIRE_PROMETHEUS=1) but not installed");
		}
		Assumptions.assumeTrue(installed, "Debian's prometheus is not installed");
		Path dir = Files.createTempDirectory("tokenmint-prometheus");
		Path keystore = TestKeystores.create().rsa("initial", 2048).aes("kek", "prometheus-pass").writeTo(dir.resolve("keys/k.p12"),
				"prometheus-pass");
		Map<String, Object> properties = Replica.managedKeys(keystore, "prometheus-pass", ADMIN_KEY);
		properties.put("tokenmint.admin.metrics-key", METRICS_KEY);
		// Deliveries are attempted on the schedule's tick (a minute by default): the failing one then shows at once.
		properties.put("tokenmint.signing.rotation.check-interval", "250ms");
		Map<String, String> environment = Replica.asEnvironment(properties);
		try (StandInDocumentEngine documentEngine = new StandInDocumentEngine(DE_TOKEN);
				JarProcess service = JarProcess.start(dir, environment, false).awaitLive(Duration.ofSeconds(120))) {
			documentEngine.mode(StandInDocumentEngine.Mode.FAILING);
			var registered = service.api().post("/admin/consumers", Map.of("type", "document-engine", "name", "docs", "url",
					documentEngine.baseUrl(), "api_token", DE_TOKEN, "required", true), TestApi.apiKey(ADMIN_KEY));
			assertThat(registered.status()).as(registered.toString()).isEqualTo(201);

			int port = JarProcess.freePort();
			Process prometheus = startPrometheus(dir, port, service);
			try {
				String api = "http://127.0.0.1:" + port + "/api/v1/";
				Awaitility.await("Prometheus scraping tokenmint with the metrics key").atMost(Duration.ofSeconds(90)).ignoreExceptions()
					.pollInterval(Duration.ofMillis(500)).until(() -> get(api + "targets").toString().contains("\"health\":\"up\""));
				Awaitility.await(ALERT + " firing").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
					.until(() -> state(get(api + "alerts"), ALERT).equals("firing"));
				JsonNode alerts = get(api + "alerts");
				assertThat(state(alerts, "TokenmintSigningDown")).as("signing is fine").isEqualTo("inactive");
				assertThat(state(alerts, "TokenmintNoActiveSigningKey")).isEqualTo("inactive");
				System.out.println("Prometheus alerts: " + alerts);
			}
			finally {
				prometheus.destroy();
				prometheus.waitFor();
			}
		}
	}

	/** Prometheus with the shipped rules (the delivery alert's patience cut), scraping every second. */
	private static Process startPrometheus(Path dir, int port, JarProcess service) throws Exception {
		YAMLMapper yaml = new YAMLMapper();
		JsonNode rules = yaml.readTree(Path.of("deploy/prometheus/tokenmint-rules.yaml").toFile());
		for (JsonNode group : rules.get("groups")) {
			for (JsonNode rule : group.get("rules")) {
				if (ALERT.equals(rule.path("alert").asText())) {
					((ObjectNode) rule).put("for", "10s");
				}
			}
		}
		Path rulesFile = dir.resolve("rules.yaml");
		yaml.writeValue(rulesFile.toFile(), rules);
		ObjectNode config = yaml.createObjectNode();
		config.putObject("global").put("scrape_interval", "1s").put("evaluation_interval", "1s");
		config.putArray("rule_files").add(rulesFile.toString());
		ObjectNode scrape = config.putArray("scrape_configs").addObject();
		scrape.put("job_name", "tokenmint").put("metrics_path", "/actuator/prometheus");
		scrape.putObject("authorization").put("type", "Bearer").put("credentials", METRICS_KEY);
		scrape.putArray("static_configs").addObject().putArray("targets").add(URI.create(service.api().base()).getAuthority());
		Path configFile = dir.resolve("prometheus.yaml");
		yaml.writeValue(configFile.toFile(), config);
		List<String> command = new ArrayList<>(List.of("/usr/bin/prometheus", "--config.file=" + configFile,
				"--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
	}

	private JsonNode get(String url) throws Exception {
		HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
		return new ObjectMapper().readTree(answer.body());
	}

	/** An alert's state in /api/v1/alerts ("pending" or "firing"), or "inactive". */
	private static String state(JsonNode alerts, String name) {
		for (JsonNode alert : alerts.path("data").path("alerts")) {
			if (name.equals(alert.path("labels").path("alertname").asText())) {
				return alert.path("state").asText();
			}
		}
		return "inactive";
	}

}
