package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tokenmint.support.Replica;
import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.Test;

/** A client that starts a body and stops sending is cut off, and the service keeps serving others. */
class SlowClientTests {

	private static final String ADMIN_KEY = "slow-admin-key-0123456789abcdef";

	@Test
	void cutsOffABodyThatStopsArriving() throws Exception {
		var dir = Files.createTempDirectory("tokenmint-slow");
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", "jdbc:h2:mem:slow;DB_CLOSE_DELAY=-1");
		properties.put("tokenmint.data-dir", dir.resolve("data").toString());
		properties.put("tokenmint.signing.keystore", dir.resolve("keys/dev.p12").toString());
		properties.put("tokenmint.admin.api-key", ADMIN_KEY);
		properties.put("server.tomcat.connection-timeout", "2s");
		try (Replica service = Replica.start(properties)) {
			String key = (String) service.api().post("/admin/clients", Map.of("name", "slow", "max_permissions", "all",
					"documents", List.of("*")), TestApi.apiKey(ADMIN_KEY)).json().get("api_key");
			int port = Integer.parseInt(service.context().getEnvironment().getRequiredProperty("local.server.port"));
			try (Socket socket = new Socket("127.0.0.1", port)) {
				socket.setSoTimeout(15_000);
				OutputStream out = socket.getOutputStream();
				out.write(("POST /tokens HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Api-Key: " + key
						+ "\r\nContent-Length: 500\r\n\r\n{\"document_id\":").getBytes(StandardCharsets.US_ASCII));
				out.flush();
				Instant start = Instant.now();
				InputStream in = socket.getInputStream();
				String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				Duration took = Duration.between(start, Instant.now());
				assertThat(took).as("cut off by the read timeout, not left hanging").isLessThan(Duration.ofSeconds(10));
				assertThat(answer).doesNotContain("\"token\"");
				if (!answer.isEmpty()) {
					assertThat(answer).startsWith("HTTP/1.1 4");
				}
			}
			assertThat(service.api().post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(key)).status()).isEqualTo(200);
		}
	}

}
