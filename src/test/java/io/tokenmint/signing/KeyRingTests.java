package io.tokenmint.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.tokenmint.cluster.ClusterEvents;
import io.tokenmint.problem.ProblemException;
import io.tokenmint.support.TestKeystores;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.scheduling.TaskScheduler;

/** Which key signs, as the hot path sees it, from the keystore and the shared key states, without a database. */
class KeyRingTests {

	private static final String PASSWORD = "ring-pass-4711";

	@TempDir
	Path dir;

	/** Key states as replicas share them, in memory. */
	static final class InMemoryStates extends KeyStateRepository {

		final Map<String, KeyStateRecord> rows = new LinkedHashMap<>();

		InMemoryStates() {
			super(null);
		}

		@Override
		Map<String, KeyStateRecord> findAll() {
			return new LinkedHashMap<>(rows);
		}

		@Override
		void insertPublished(String kid, KeyLine line, Instant now) {
			rows.putIfAbsent(kid, new KeyStateRecord(kid, line.algorithm(), KeyState.PUBLISHED, now, null, null, null, line.profile()));
		}

		@Override
		boolean activateFirst(String kid, TokenAlgorithm algorithm, Instant now) {
			rows.replaceAll((id, row) -> row.state() == KeyState.ACTIVE && row.algorithm() == algorithm && !id.equals(kid)
					? new KeyStateRecord(id, row.algorithm(), KeyState.PUBLISHED, row.firstPublishedAt(), row.activatedAt(), null, null, row.profile()) : row);
			KeyStateRecord row = rows.get(kid);
			rows.put(kid, new KeyStateRecord(kid, algorithm, KeyState.ACTIVE, row.firstPublishedAt(), now, null, null, row.profile()));
			return true;
		}

		@Override
		boolean retire(String kid, KeyState from, Instant now, Instant publishedUntil) {
			KeyStateRecord row = rows.get(kid);
			rows.put(kid, new KeyStateRecord(kid, row.algorithm(), KeyState.RETIRED, row.firstPublishedAt(), row.activatedAt(), now,
					publishedUntil, row.profile()));
			return true;
		}

	}

	private record InUse(Set<TokenAlgorithm> algorithms, TokenAlgorithm primary, Map<String, TokenAlgorithm> dedicatedKeys)
			implements AlgorithmsInUse {
	}

	private KeyRing ring(TestKeystores keys, InMemoryStates states, AlgorithmsInUse inUse) {
		Path keystore = keys.writeTo(dir.resolve("keys/signing.p12"), PASSWORD);
		var properties = new SigningProperties(SigningProperties.Provider.KEYSTORE, keystore, PASSWORD, "PKCS12", null, false, null,
				Map.of(), Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(2), false, null, Duration.ofSeconds(5), true, null);
		var ring = new KeyRing(properties, inUse, states, mock(TaskScheduler.class), new SigningEngine(properties), mock(ClusterEvents.class),
				mock(ManagedKeyRepository.class), java.time.Clock.systemUTC());
		ring.synchronize();
		return ring;
	}

	@Test
	void activatesTheAlphabeticallyFirstCapableKeyOnFirstStartAndPublishesEveryKey() {
		var states = new InMemoryStates();
		var ring = ring(TestKeystores.create().rsa("b-rsa", 2048).rsa("a-rsa", 2048).ec("c-ec", "secp256r1"), states,
				new InUse(Set.of(TokenAlgorithm.RS256, TokenAlgorithm.ES256), TokenAlgorithm.RS256, Map.of()));
		assertThat(ring.activeKey(TokenAlgorithm.RS256).kid()).isEqualTo("a-rsa");
		assertThat(ring.activeKey(TokenAlgorithm.ES256).kid()).isEqualTo("c-ec");
		assertThat(ring.published()).extracting(SigningKey::kid).containsExactly("a-rsa", "b-rsa", "c-ec");
		assertThat(ring.canSignEveryProfile()).isTrue();
		assertThat(ring.currentKey().kid()).isEqualTo("a-rsa");
	}

	@Test
	void followsAnActivationMadeByAnotherReplica() {
		var states = new InMemoryStates();
		var ring = ring(TestKeystores.create().rsa("a-rsa", 2048).rsa("b-rsa", 2048), states,
				new InUse(Set.of(TokenAlgorithm.RS256), TokenAlgorithm.RS256, Map.of()));
		states.activateFirst("b-rsa", TokenAlgorithm.RS256, Instant.now());
		ring.synchronize();
		assertThat(ring.activeKey(TokenAlgorithm.RS256).kid()).isEqualTo("b-rsa");
	}

	@Test
	void keepsARetiredKeyPublishedUntilItsLastTokenHasExpired() {
		var states = new InMemoryStates();
		var ring = ring(TestKeystores.create().rsa("a-rsa", 2048).rsa("b-rsa", 2048), states,
				new InUse(Set.of(TokenAlgorithm.RS256), TokenAlgorithm.RS256, Map.of()));
		states.retire("b-rsa", KeyState.PUBLISHED, Instant.now(), Instant.now().plusSeconds(600));
		ring.synchronize();
		assertThat(ring.find("b-rsa")).isPresent();
		states.retire("b-rsa", KeyState.PUBLISHED, Instant.now().minusSeconds(700), Instant.now().minusSeconds(1));
		ring.synchronize();
		assertThat(ring.find("b-rsa")).isEmpty();
	}

	@Test
	void neverMakesAKeyBoundToAProfileTheActiveKeyOfItsAlgorithm() {
		var states = new InMemoryStates();
		var ring = ring(TestKeystores.create().rsa("a-chat", 2048).rsa("b-shared", 2048), states,
				new InUse(Set.of(TokenAlgorithm.RS256), TokenAlgorithm.RS256, Map.of("a-chat", TokenAlgorithm.RS256)));
		assertThat(ring.activeKey(TokenAlgorithm.RS256).kid()).as("a-chat comes first, but is bound").isEqualTo("b-shared");
		assertThat(ring.dedicatedKey("a-chat").kid()).isEqualTo("a-chat");
		assertThat(ring.isDedicated("a-chat")).isTrue();
		states.activateFirst("a-chat", TokenAlgorithm.RS256, Instant.now());
		ring.synchronize();
		assertThatExceptionOfType(ProblemException.class).as("an activation of the bound key is not followed")
			.isThrownBy(() -> ring.activeKey(TokenAlgorithm.RS256));
	}

	@Test
	void refusesToSignWithAKeyThatIsNotThere() {
		var states = new InMemoryStates();
		var ring = ring(TestKeystores.create().rsa("a-rsa", 2048), states,
				new InUse(Set.of(TokenAlgorithm.RS256), TokenAlgorithm.RS256, Map.of()));
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> ring.activeKey(TokenAlgorithm.ES512))
			.satisfies(ex -> assertThat(ex.code().name()).isEqualTo("NO_ACTIVE_KEY"));
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> ring.dedicatedKey("nope"));
	}

}
