package io.tokenmint.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tokenmint.support.Replica;
import io.tokenmint.support.StandInDocumentEngine;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestKeystores;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every metric the shipped alert rules and the Grafana dashboard name exists in a running service's
 * /actuator/prometheus: names drift (a renamed meter, a tag turned into a name), and an alert on a metric that no
 * longer exists is silent for ever. The service runs with managed keys and a consumer, and has issued, refused
 * and rate-limited a token (and collected garbage), so that the meters registered on first use exist too.
 */
class MonitoringMetricsTests {

	private static final Path RULES = Path.of("deploy/prometheus/tokenmint-rules.yaml");

	private static final Path DASHBOARD = Path.of("deploy/grafana/tokenmint-dashboard.json");

	/** Metric names in PromQL: ours, Spring's HTTP server, Hikari's pool, the JVM's and the process's. */
	private static final Pattern METRIC = Pattern.compile("\\b((?:tokenmint|http_server|hikaricp|jvm|process)_[a-z0-9_]+)\\b");

	private static final String ADMIN_KEY = "monitoring-admin-key-0123456789abcdef";

	static Set<String> named() throws Exception {
		Set<String> names = new TreeSet<>();
		JsonNode rules = new YAMLMapper().readTree(RULES.toFile());
		for (JsonNode group : rules.get("groups")) {
			for (JsonNode rule : group.get("rules")) {
				names.addAll(metrics(rule.get("expr").asText()));
			}
		}
		for (JsonNode target : new ObjectMapper().readTree(DASHBOARD.toFile()).findValues("targets")) {
			target.forEach(query -> names.addAll(metrics(query.get("expr").asText())));
		}
		return names;
	}

	private static Set<String> metrics(String expr) {
		Set<String> names = new TreeSet<>();
		Matcher metric = METRIC.matcher(expr);
		while (metric.find()) {
			names.add(metric.group(1));
		}
		return names;
	}

	@Test
	void everyMetricTheRulesAndTheDashboardNameIsExported() throws Exception {
		Set<String> named = named();
		assertThat(named).as("the rules and the dashboard name our metrics").contains("tokenmint_signing_ready",
				"tokenmint_keys_deliveries_failed", "tokenmint_audit_write_failures_total", "hikaricp_connections_pending");
		Path dir = Files.createTempDirectory("tokenmint-monitoring");
		Path keystore = TestKeystores.create().rsa("initial", 2048).aes("kek", "monitoring-pass").writeTo(dir.resolve("keys/k.p12"),
				"monitoring-pass");
		Map<String, Object> properties = Replica.managedKeys(keystore, "monitoring-pass", ADMIN_KEY);
		properties.put("tokenmint.data-dir", dir.resolve("data").toString());
		properties.put("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("data/tokenmint") + ";WRITE_DELAY=0");
		properties.put("tokenmint.rate-limit.client.per-second", "1");
		properties.put("tokenmint.rate-limit.client.burst", "3");
		// The schedule looks for keys to deliver this often (a minute by default).
		properties.put("tokenmint.signing.rotation.check-interval", "250ms");
		properties.put("logging.level.root", "WARN");
		String[] admin = TestApi.apiKey(ADMIN_KEY);
		try (StandInDocumentEngine documentEngine = new StandInDocumentEngine("monitoring-de-token"); Replica service = Replica.start(properties)) {
			TestApi api = service.api();
			assertThat(api.post("/admin/consumers", Map.of("type", "document-engine", "name", "docs", "url", documentEngine.baseUrl(),
					"api_token", "monitoring-de-token"), admin).status()).isEqualTo(201);
			String key = (String) api.post("/admin/clients", Map.of("name", "monitoring", "max_permissions", "all", "documents",
					List.of("d*")), admin).json().get("api_key");
			assertThat(api.post("/tokens", Map.of("document_id", "d1"), TestApi.apiKey(key)).status()).isEqualTo(200);
			assertThat(api.post("/tokens", Map.of("document_id", "elsewhere"), TestApi.apiKey(key)).status()).isEqualTo(403);
			Awaitility.await("a request held at the client's limit").atMost(Duration.ofSeconds(30))
				.until(() -> api.post("/tokens", Map.of("document_id", "d2"), TestApi.apiKey(key)).status() == 429);
			Awaitility.await("a delivery attempted").atMost(Duration.ofSeconds(60))
				.until(() -> exported(api, admin).contains("tokenmint_keys_delivery_attempts_total"));
			// The GC pause timer appears with the first collection; the service runs in this JVM, so one is asked for here.
			System.gc();
			Awaitility.await("a collection counted").atMost(Duration.ofSeconds(30))
				.until(() -> exported(api, admin).contains("jvm_gc_pause_seconds_sum"));
			Set<String> exported = exported(api, admin);
			assertThat(named).allSatisfy(name -> assertThat(exported).as("exported metric names").contains(name));
		}
	}

	private static Set<String> exported(TestApi api, String[] admin) {
		return api.get("/actuator/prometheus", admin).body().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
			.map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
	}

	/** Each alert says what to do in a section of docs/operations.md that exists, under the anchor its link names. */
	@Test
	void everyAlertLinksARunbookSectionThatExists() throws Exception {
		Set<String> anchors = Files.readAllLines(Path.of("docs/operations.md")).stream().filter(line -> line.startsWith("#"))
			.map(line -> line.replaceFirst("^#+ ", "").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'))
			.collect(Collectors.toSet());
		int alerts = 0;
		for (JsonNode group : new YAMLMapper().readTree(RULES.toFile()).get("groups")) {
			for (JsonNode rule : group.get("rules")) {
				if (rule.has("alert")) {
					alerts++;
					JsonNode annotations = rule.get("annotations");
					assertThat(annotations.get("summary").asText()).as(rule.get("alert").asText()).isNotBlank();
					assertThat(annotations.get("description").asText()).as(rule.get("alert").asText()).isNotBlank();
					String link = annotations.get("runbook_url").asText();
					assertThat(link).startsWith("docs/operations.md#");
					assertThat(anchors).as("the runbook section of " + rule.get("alert").asText()).contains(link.substring(link.indexOf('#') + 1));
				}
			}
		}
		assertThat(alerts).isGreaterThanOrEqualTo(10);
	}

}
