package io.tokenmint.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** A wrong key repeated costs one query, not one per request; a recognised key is served from memory. */
class ApiKeyLookupTests {

	private final AtomicInteger queries = new AtomicInteger();

	private final ApiClientRepository repository = new ApiClientRepository(null, null) {

		@Override
		Optional<ApiClient> findActiveByKeyHash(String keyHash) {
			queries.incrementAndGet();
			return Optional.empty();
		}

	};

	private final ApiClientService clients = new ApiClientService(repository, null, null, null, org.mockito.Mockito.mock(io.tokenmint.cluster.ClusterEvents.class), java.time.Clock.systemUTC(),
			com.github.benmanes.caffeine.cache.Ticker.systemTicker());

	@Test
	void remembersAnUnknownKeyForAWhile() {
		String hash = ApiKeys.hash("tmk_wrong");
		for (int i = 0; i < 100; i++) {
			assertThat(clients.authenticate(hash)).isEmpty();
		}
		assertThat(queries.get()).isEqualTo(1);
		assertThat(clients.authenticate(ApiKeys.hash("tmk_other"))).isEmpty();
		assertThat(queries.get()).isEqualTo(2);
	}

	@Test
	void answersFromMemoryOnlyWhenAskedForRecentlyRecognisedKeys() {
		assertThat(clients.recentlyAuthenticated(ApiKeys.hash("tmk_never-seen"))).isEmpty();
		assertThat(queries.get()).isZero();
	}

}
