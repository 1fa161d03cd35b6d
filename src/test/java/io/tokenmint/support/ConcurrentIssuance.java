package io.tokenmint.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issues tokens from many threads at once, a share of them refused, and checks that the audit holds
 * exactly one record per request: every issued jti once, every refusal once.
 */
public final class ConcurrentIssuance {

	private ConcurrentIssuance() {
	}

	public static void issueAndCheckAudit(TestApi api, String clientKey, String clientId, JdbcClient jdbc, int threads,
			int perThread) throws Exception {
		List<String> jtis = Collections.synchronizedList(new ArrayList<>());
		List<Integer> refused = Collections.synchronizedList(new ArrayList<>());
		inThreads(threads, perThread, Duration.ofSeconds(120), (thread, i) -> {
			boolean refuse = i % 5 == 4;
			var response = api.post("/tokens", Map.of("document_id", refuse ? "outside-" + thread : "conc-" + thread + "-" + i),
					TestApi.apiKey(clientKey));
			if (refuse) {
				assertThat(response.status()).as(response.toString()).isEqualTo(403);
				refused.add(1);
			}
			else {
				assertThat(response.status()).as(response.toString()).isEqualTo(200);
				jtis.add((String) response.json().get("jti"));
			}
		});
		int requests = threads * perThread;
		assertThat(jtis.size() + refused.size()).isEqualTo(requests);
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE caller_id = ?").param(clientId).query(Long.class).single())
			.isEqualTo(requests);
		List<String> audited = jdbc.sql("SELECT jti FROM audit_event WHERE caller_id = ? AND outcome = 'ISSUED'")
			.param(clientId).query(String.class).list();
		assertThat(audited).containsExactlyInAnyOrderElementsOf(jtis);
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE caller_id = ? AND outcome = 'REFUSED'")
			.param(clientId).query(Long.class).single()).isEqualTo(refused.size());
	}

	/** One call of {@link #inThreads}: the thread's number and the call's number within it. */
	@FunctionalInterface
	public interface Call {

		void run(int thread, int i) throws Exception;

	}

	/**
	 * Makes {@code perThread} calls on each of {@code threads} threads at once and waits for all of them, each
	 * thread at most {@code bound}; the first failure of any call fails the caller.
	 */
	public static void inThreads(int threads, int perThread, Duration bound, Call call) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				futures.add(pool.submit(() -> {
					for (int i = 0; i < perThread; i++) {
						call.run(thread, i);
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}
