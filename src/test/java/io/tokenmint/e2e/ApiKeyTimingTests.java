package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.tokenmint.support.EndToEndTest;
import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.Test;

/**
 * A wrong API key costs the same whether or not it is nearly a real one: keys are looked up by their SHA-256,
 * so a matching prefix tells an attacker nothing, and the admin key is compared digest to digest with
 * MessageDigest.isEqual. Timed on medians of interleaved samples, with a tolerance wide enough for a busy machine.
 */
class ApiKeyTimingTests extends EndToEndTest {

	private long timeOf(String key) {
		long start = System.nanoTime();
		var response = api.post("/tokens", Map.of("document_id", "d"), TestApi.apiKey(key));
		long elapsed = System.nanoTime() - start;
		assertThat(response.status()).isEqualTo(401);
		return elapsed;
	}

	private static double median(List<Long> samples) {
		long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
		return sorted[sorted.length / 2];
	}

	@Test
	void wrongKeysCostTheSameWhetherOrNotTheyResembleARealOne() {
		String real = createClient("all", List.of("*"));
		List<Long> unrelated = new ArrayList<>();
		List<Long> nearClient = new ArrayList<>();
		List<Long> nearAdmin = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			// Every key is new, so that each costs a look-up: repeated wrong keys are answered from the miss cache.
			String suffix = String.format("%04d", i);
			String random = "tmk_" + Arrays.toString(new java.util.Random(i).ints(8).toArray()).hashCode() + "abcdefghijklmnopqrstuvwxyz" + suffix;
			unrelated.add(timeOf(random));
			String nearlyReal = real.substring(0, real.length() - 4) + suffix;
			nearClient.add(timeOf(nearlyReal.equals(real) ? nearlyReal + "x" : nearlyReal));
			nearAdmin.add(timeOf(ADMIN_KEY.substring(0, ADMIN_KEY.length() - 4) + suffix));
		}
		double base = median(unrelated);
		double tolerance = Math.max(base * 0.35, 300_000);
		assertThat(Math.abs(median(nearClient) - base)).as("near a client key vs unrelated, ns").isLessThan(tolerance);
		assertThat(Math.abs(median(nearAdmin) - base)).as("near the admin key vs unrelated, ns").isLessThan(tolerance);
	}

}
