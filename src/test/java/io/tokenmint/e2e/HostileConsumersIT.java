package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.JarProcess;
import io.tokenmint.support.Replica;
import io.tokenmint.support.StandInDocumentEngine;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestKeystores;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consumers that misbehave on purpose, against the packaged jar in a heap of 128 MB: a gzip bomb, an answer of
 * 1.5 GB, an answer dripped a byte at a time, headers dripped a byte at a time, a consumer that never answers,
 * a redirect to itself, and a TLS server with a certificate nobody issued. The service must stay within its heap
 * (reading a bomb or the big answer whole would not fit), record every failure, show it in health, keep issuing
 * tokens, and finish an emergency rotation in seconds although each hostile consumer may hold a request for a
 * minute (request-timeout 60 s): optional consumers are not waited for.
 */
class HostileConsumersIT {

	private static final String ADMIN_KEY = "hostile-consumers-admin-key-0123456789";

	private static final String[] ADMIN = TestApi.apiKey(ADMIN_KEY);

	private static final String DE_TOKEN = "hostile-consumers-de-token-0123";

	/** What the big answer's sender managed to write before tokenmint cut it off. */
	private static final AtomicLong hugeBytesSent = new AtomicLong();

	private static final AtomicLong bombBytesSent = new AtomicLong();

	private static final CountDownLatch release = new CountDownLatch(1);

	private static HttpServer hostile;

	private static ServerSocket slowHeaders;

	/** A TLS server whose certificate nobody issued: tokenmint must refuse the handshake. */
	private static HttpsServer selfSigned;

	private static StandInDocumentEngine documentEngine;

	private static JarProcess service;

	private static byte[] bomb;

	@BeforeAll
	static void start() throws Exception {
		bomb = gzippedZeros(256L * 1024 * 1024);
		hostile = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		hostile.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		hostile.createContext("/bomb", exchange -> answerAnyPost(exchange, () -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.getResponseHeaders().add("Content-Encoding", "gzip");
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				// The same 256 MB of zeros, gzipped, again and again: endless once inflated, and endless as it is.
				while (true) {
					out.write(bomb);
					bombBytesSent.addAndGet(bomb.length);
				}
			}
		}));
		hostile.createContext("/huge", exchange -> answerAnyPost(exchange, () -> {
			exchange.sendResponseHeaders(200, 1_500_000_000L);
			byte[] chunk = "[\"aaaaaaaaaaaaaaaa\",".repeat(3200).getBytes(StandardCharsets.US_ASCII);
			try (OutputStream out = exchange.getResponseBody()) {
				for (long sent = 0; sent < 1_500_000_000L; sent += chunk.length) {
					out.write(chunk);
					hugeBytesSent.addAndGet(chunk.length);
				}
			}
		}));
		hostile.createContext("/drip", exchange -> answerAnyPost(exchange, () -> {
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				while (!release.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
					out.write('[');
					out.flush();
				}
			}
		}));
		hostile.createContext("/hang", exchange -> answerAnyPost(exchange, () -> {
			release.await();
			exchange.sendResponseHeaders(204, -1);
		}));
		hostile.createContext("/redirect", exchange -> answerAnyPost(exchange, () -> {
			exchange.getResponseHeaders().add("Location", exchange.getRequestURI().toString());
			exchange.sendResponseHeaders(302, -1);
		}));
		hostile.start();
		selfSigned = selfSignedTls();
		slowHeaders = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread accept = new Thread(HostileConsumersIT::dripHeaders);
		accept.setDaemon(true);
		accept.start();
		documentEngine = new StandInDocumentEngine(DE_TOKEN);

		Path dir = Files.createTempDirectory("tokenmint-hostile-consumers");
		Path keystore = TestKeystores.create().rsa("initial", 2048).aes("kek", "hostile-pass-1").writeTo(dir.resolve("keys/k.p12"),
				"hostile-pass-1");
		Map<String, Object> properties = Replica.managedKeys(keystore, "hostile-pass-1", ADMIN_KEY);
		properties.put("tokenmint.signing.rotation.check-interval", "500ms");
		properties.put("tokenmint.signing.rotation.request-timeout", "60s");
		properties.put("tokenmint.signing.rotation.delivery-budget", "120s");
		properties.put("tokenmint.signing.publish-ahead", "1s");
		Map<String, String> environment = Replica.asEnvironment(properties);
		environment.put("JAVA_TOOL_OPTIONS", "-Xmx128m -XX:+ExitOnOutOfMemoryError");
		service = JarProcess.start(dir, environment, false).awaitLive(Duration.ofSeconds(120));
	}

	@AfterAll
	static void stop() throws Exception {
		release.countDown();
		if (service != null) {
			service.close();
		}
		hostile.stop(0);
		selfSigned.stop(0);
		slowHeaders.close();
		documentEngine.close();
	}

	@Test
	void hostileConsumersCostNoMemoryNoTokensAndNoTimeOfTheEmergency() throws Exception {
		String base = "http://127.0.0.1:" + hostile.getAddress().getPort();
		register("document-engine", "docs", documentEngine.baseUrl(), true);
		Map<String, String> hostiles = Map.of("bomb", base + "/bomb", "huge", base + "/huge", "drip", base + "/drip", "hang", base + "/hang",
				"redirect", base + "/redirect", "slow-headers", "http://127.0.0.1:" + slowHeaders.getLocalPort(), "self-signed",
				"https://127.0.0.1:" + selfSigned.getAddress().getPort());
		hostiles.forEach((name, url) -> register("document-engine", name, url, false));
		register("webhook", "huge-hook", base + "/huge", false);

		// Every one of them is recorded as failing, each for its own reason, and shown in health.
		await("each hostile consumer's delivery recorded as failed").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
			.until(() -> failedConsumers().keySet().containsAll(List.of("bomb", "huge", "redirect", "self-signed", "huge-hook")));
		Map<String, String> errors = failedConsumers();
		assertThat(errors.get("bomb")).as("the bomb is never inflated: its bytes are not JSON").isIn("the secrets read back are not JSON",
				"answer larger than 65536 bytes");
		assertThat(errors.get("huge")).isEqualTo("answer larger than 65536 bytes");
		assertThat(errors.get("huge-hook")).isEqualTo("answer larger than 65536 bytes");
		assertThat(errors.get("redirect")).isEqualTo("HTTP 302");
		assertThat(errors.get("self-signed")).startsWith("TLS failed");
		var health = service.api().get("/actuator/health/rotation", ADMIN);
		assertThat(health.body()).contains("\"failingOptionalDeliveries\":");
		assertThat(((Number) ((Map<?, ?>) health.json().get("details")).get("failingOptionalDeliveries")).intValue()).isGreaterThanOrEqualTo(5);

		// The big answers were cut off near the cap, not read to the end.
		assertThat(hugeBytesSent.get()).as("bytes of the 1.5 GB answer sent before the cut").isLessThan(64L * 1024 * 1024);

		// Meanwhile tokens are issued as ever, and an emergency does not wait for any optional consumer.
		String client = (String) service.api().post("/admin/clients", Map.of("name", "apps", "max_permissions", "all", "documents",
				List.of("*")), ADMIN).json().get("api_key");
		var token = service.api().post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(client));
		assertThat(token.status()).isEqualTo(200);
		Instant asked = Instant.now();
		// The instant profile signs from a line of its own (keys per profile, the default), the one its Document Engine has.
		var emergency = service.api().post("/admin/keys/rotate", Map.of("profile", "instant", "emergency", true), ADMIN);
		Duration took = Duration.between(asked, Instant.now());
		assertThat(emergency.status()).as(emergency.toString()).isEqualTo(200);
		assertThat(took).as("the emergency, with hostile optional consumers holding requests for up to 60 s").isLessThan(Duration.ofSeconds(20));
		String successor = (String) emergency.json().get("successor");
		assertThat(documentEngine.trustedNow()).as("the required Document Engine has the successor").isNotEmpty();
		var after = service.api().post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(client));
		assertThat(after.json()).containsEntry("kid", successor);
		IndependentVerifier.verifyWithJwks((String) after.json().get("token"), service.api().get("/.well-known/jwks.json").body());

		// A required consumer that misbehaves turns rotation health DOWN.
		register("document-engine", "required-drip", base + "/drip", true);
		await("a failing required consumer shows in health").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
			.until(() -> service.api().get("/actuator/health/rotation", ADMIN).status() == 503);

		assertThat(service.process().isAlive()).as("tokenmint still runs in its 128 MB heap").isTrue();
		assertThat(service.output()).doesNotContain("java.lang.OutOfMemoryError").doesNotContain(DE_TOKEN);
	}

	private static void register(String type, String name, String url, boolean required) {
		Map<String, Object> body = new HashMap<>(Map.of("type", type, "name", name, "url", url, "required", required));
		if (type.equals("document-engine")) {
			body.put("api_token", DE_TOKEN);
		}
		var answer = service.api().post("/admin/consumers", body, ADMIN);
		assertThat(answer.status()).as(name + ": " + answer).isEqualTo(201);
	}

	/** The last error of each consumer whose latest delivery failed, by consumer name. */
	@SuppressWarnings("unchecked")
	private static Map<String, String> failedConsumers() {
		Map<String, String> errors = new HashMap<>();
		for (Map<String, Object> key : service.api().get("/admin/keys", ADMIN).jsonList()) {
			for (Map<String, Object> delivery : (List<Map<String, Object>>) key.getOrDefault("deliveries", List.of())) {
				if ("failed".equals(delivery.get("state"))) {
					errors.put((String) delivery.get("consumer"), (String) delivery.get("last_error"));
				}
			}
		}
		return errors;
	}

	@FunctionalInterface
	private interface Answer {

		void send() throws Exception;

	}

	/** A POST (the secrets API's add, or a webhook) is taken like any other request: the hostility is in the answer. */
	private static void answerAnyPost(HttpExchange exchange, Answer answer) {
		try (exchange) {
			try (InputStream in = exchange.getRequestBody()) {
				in.readAllBytes();
			}
			answer.send();
		}
		catch (Exception cutOff) {
			// tokenmint hung up, which is the point
		}
	}

	/** A status line and headers, one byte every 200 ms, never ending. */
	private static void dripHeaders() {
		while (!slowHeaders.isClosed()) {
			try {
				Socket socket = slowHeaders.accept();
				Thread drip = new Thread(() -> {
					try (socket; OutputStream out = socket.getOutputStream()) {
						byte[] head = "HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
						out.write(head);
						while (!release.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
							out.write('a');
							out.flush();
						}
					}
					catch (Exception cutOff) {
						// tokenmint hung up
					}
				});
				drip.setDaemon(true);
				drip.start();
			}
			catch (IOException closed) {
				return;
			}
		}
	}

	private static HttpsServer selfSignedTls() throws Exception {
		Path store = TestKeystores.create().rsa("tls", 2048).writeTo(Files.createTempDirectory("tokenmint-tls").resolve("tls.p12"), "tls-pass");
		KeyStore keys = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(store)) {
			keys.load(in, "tls-pass".toCharArray());
		}
		KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		managers.init(keys, "tls-pass".toCharArray());
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(managers.getKeyManagers(), null, null);
		HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
		server.setHttpsConfigurator(new HttpsConfigurator(tls));
		server.createContext("/", exchange -> answerAnyPost(exchange, () -> exchange.sendResponseHeaders(204, -1)));
		server.start();
		return server;
	}

	private static byte[] gzippedZeros(long size) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
			byte[] zeros = new byte[1 << 20];
			for (long written = 0; written < size; written += zeros.length) {
				gzip.write(zeros);
			}
		}
		return bytes.toByteArray();
	}

}
