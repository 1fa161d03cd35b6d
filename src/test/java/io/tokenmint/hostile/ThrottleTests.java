package io.tokenmint.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tokenmint.support.ManualTimeMeter;
import io.tokenmint.support.RawHttp;
import io.tokenmint.support.Replica;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestIdentityProvider;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Limits hold however the caller spells the path and whoever the caller is not: the production limits per
 * remote address, and a small per-client limit, on a service of their own. Each test calls from a loopback
 * address of its own (127.0.0.0/8 all reaches the service), so each is a stranger to the others.
 */
class ThrottleTests {

	private static final String ADMIN_KEY = "throttle-admin-key-0123456789abcdef";

	private static final TestIdentityProvider IDP = TestIdentityProvider.SHARED;

	private static Replica service;

	/** The buckets' clock stands still unless a test moves it: no result depends on how fast this machine sends. */
	private static final ManualTimeMeter CLOCK = new ManualTimeMeter();

	@BeforeAll
	static void start() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-throttle");
		Map<String, Object> properties = Replica.settings(dir, ADMIN_KEY);
		properties.put("spring.datasource.url", "jdbc:h2:mem:throttle-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		properties.put("tokenmint.rate-limit.client.per-second", "1");
		properties.put("tokenmint.rate-limit.client.burst", "10");
		// What production runs with (RateLimitProperties), restated because the test resources raise them.
		properties.put("tokenmint.rate-limit.anonymous.per-second", "20");
		properties.put("tokenmint.rate-limit.anonymous.burst", "100");
		properties.put("tokenmint.rate-limit.failed-authentication.per-second", "1");
		properties.put("tokenmint.rate-limit.failed-authentication.burst", "20");
		properties.putAll(IDP.properties());
		service = Replica.start(properties, Map.of("rateLimitClock", CLOCK));
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	private String clientKey() {
		return (String) service.api().post("/admin/clients", Map.of("name", "throttled", "max_permissions", "all", "documents",
				List.of("*")), TestApi.apiKey(ADMIN_KEY)).json().get("api_key");
	}

	@Test
	void everySpellingThatReachesTheTokenEndpointTakesFromTheSameBucket() {
		String key = clientKey();
		List<String> spellings = List.of("/tokens", "/%74okens", "/tok%65ns", "/%74%6F%6B%65%6E%73", "/./tokens", "/x/../tokens",
				"/tokens;x=1", "//tokens", "/tokens/", "/TOKENS", "/%2574okens", "/tokens%2F", "/tokens?x=1");
		int issued = 0;
		int limited = 0;
		java.util.Set<String> reachingTheEndpoint = new java.util.TreeSet<>();
		for (int round = 0; round < 4; round++) {
			for (String path : spellings) {
				var answer = RawHttp.send("127.0.0.11", service.port(), "POST", path, List.of(RawHttp.header("X-Api-Key", key)),
						"{\"document_id\":\"d\"}");
				assertThat(answer.status()).as(path + " -> " + answer).isLessThan(500);
				if (answer.status() == 200) {
					issued++;
					reachingTheEndpoint.add(path);
				}
				if (answer.status() == 429) {
					limited++;
					reachingTheEndpoint.add(path);
				}
			}
		}
		assertThat(reachingTheEndpoint).as("the test must spell the path in ways that do reach it").contains("/%74okens", "/tok%65ns");
		assertThat(issued).as("the burst of 10, the clock standing still").isEqualTo(10);
		assertThat(limited).isGreaterThan(0);
		CLOCK.advance(Duration.ofSeconds(1));
		assertThat(RawHttp.send("127.0.0.11", service.port(), "POST", "/%74okens", List.of(RawHttp.header("X-Api-Key", key)),
				"{\"document_id\":\"d\"}").status()).as("one more after a second, at 1/s").isEqualTo(200);
	}

	private static RawHttp.Answer post(String from, String path, String body, String header, String value) {
		return RawHttp.send(from, service.port(), "POST", path, List.of(RawHttp.header(header, value)), body);
	}

	private static String code(RawHttp.Answer answer) {
		return TestApi.JSON.readTree(answer.body()).path("code").asString();
	}

	@Test
	void unknownKeysFromOneAddressAreThrottledWhileRecognisedKeysKeepWorking() {
		String from = "127.0.0.12";
		String key = clientKey();
		assertThat(post(from, "/tokens/verify", "{\"token\":\"x.y.z\"}", "X-Api-Key", key).status()).isEqualTo(200);
		int unauthorized = 0;
		int throttled = 0;
		for (int i = 0; i < 40; i++) {
			var answer = post(from, "/tokens", "{\"document_id\":\"d\"}", "X-Api-Key", "tmk_guess-" + i);
			if (answer.status() == 401) {
				unauthorized++;
			}
			else {
				assertThat(answer.status()).isEqualTo(429);
				assertThat(code(answer)).isEqualTo("RATE_LIMITED");
				throttled++;
			}
		}
		assertThat(unauthorized).as("the burst of 20 failures, the clock standing still").isEqualTo(20);
		assertThat(throttled).isEqualTo(20);
		// A key recognised in the last seconds still gets in from that address, and the admin key always does.
		assertThat(post(from, "/tokens/verify", "{\"token\":\"x.y.z\"}", "X-Api-Key", key).status()).isEqualTo(200);
		assertThat(RawHttp.send(from, service.port(), "GET", "/admin/clients", List.of(RawHttp.header("X-Api-Key", ADMIN_KEY)), null)
			.status()).isEqualTo(200);
		// Another address is a stranger still.
		assertThat(post("127.0.0.13", "/tokens", "{\"document_id\":\"d\"}", "X-Api-Key", "tmk_guess").status()).isEqualTo(401);
	}

	@Test
	void invalidBearerTokensFromOneAddressAreThrottled() {
		int throttled = 0;
		for (int i = 0; i < 30; i++) {
			var answer = post("127.0.0.14", "/tokens", "{\"document_id\":\"d\"}", "Authorization",
					"Bearer " + IDP.foreignToken(IDP.claims("mallory", null, null).build()));
			assertThat(answer.status()).isIn(401, 429);
			throttled += answer.status() == 429 ? 1 : 0;
		}
		assertThat(throttled).as("past the burst of 20 failures, the clock standing still").isEqualTo(10);
	}

	@Test
	void anonymousCallersAreLimitedByAddress() {
		// Burst 100, then 20 a second: with the clock standing still, exactly 100; a second later, exactly 20 more.
		assertThat(anonymousUntilRefused("127.0.0.15")).isEqualTo(100);
		CLOCK.advance(Duration.ofSeconds(1));
		assertThat(anonymousUntilRefused("127.0.0.15")).isEqualTo(20);
		assertThat(anonymousUntilRefused("127.0.0.16")).as("another address has its own bucket").isEqualTo(100);
	}

	/** How many anonymous requests from this address are served before the first 429, which must be problem+json. */
	private static int anonymousUntilRefused(String from) {
		for (int served = 0; served < 600; served++) {
			var answer = RawHttp.send(from, service.port(), "GET", served % 2 == 0 ? "/.well-known/jwks.json" : "/actuator/health/readiness",
					List.of(), null);
			if (answer.status() == 429) {
				assertThat(answer.contentType()).startsWith("application/problem+json");
				return served;
			}
			assertThat(answer.status()).isEqualTo(200);
		}
		throw new AssertionError("600 anonymous requests from " + from + " and not one refused");
	}

}
