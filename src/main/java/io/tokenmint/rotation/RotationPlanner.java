package io.tokenmint.rotation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.tokenmint.signing.KeyLife;
import io.tokenmint.signing.TokenAlgorithm;

import org.jspecify.annotations.Nullable;

/**
 * Decides the next rotation steps from the keys' stored states alone, so that whichever replica runs next,
 * after whatever crash, reaches the same decision.
 */
final class RotationPlanner {

	private RotationPlanner() {
	}

	sealed interface Step {
	}

	/** Make and publish a successor that signs from {@code activateAt}. */
	record Generate(TokenAlgorithm algorithm, Instant activateAt) implements Step {
	}

	/** The successor's time has come and every required consumer has it. */
	record Activate(String kid) implements Step {
	}

	/** The successor's time has come but a required consumer has not confirmed it. */
	record Blocked(String kid) implements Step {
	}

	/** A retired managed key whose last token has expired. */
	record Destroy(String kid) implements Step {
	}

	/**
	 * @param every the rotation period, or {@code null} when keys rotate only on request
	 * @param confirmed whether every required consumer holds a key
	 */
	static List<Step> plan(List<KeyLife> keys, Set<TokenAlgorithm> algorithms, Instant now, @Nullable Duration every,
			Duration publishAhead, Predicate<String> confirmed) {
		List<Step> steps = new ArrayList<>();
		for (TokenAlgorithm algorithm : algorithms) {
			Optional<KeyLife> active = active(keys, algorithm);
			if (active.isEmpty()) {
				continue;
			}
			Optional<KeyLife> successor = successor(keys, algorithm);
			if (successor.isEmpty()) {
				if (every != null && active.get().activatedAt() != null) {
					Instant due = active.get().activatedAt().plus(every);
					if (!now.isBefore(due.minus(publishAhead))) {
						Instant earliest = now.plus(publishAhead);
						steps.add(new Generate(algorithm, due.isAfter(earliest) ? due : earliest));
					}
				}
				continue;
			}
			KeyLife next = successor.get();
			boolean time = !now.isBefore(next.activateAt()) && !now.isBefore(next.firstPublishedAt().plus(publishAhead));
			if (time) {
				steps.add(confirmed.test(next.kid()) ? new Activate(next.kid()) : new Blocked(next.kid()));
			}
		}
		keys.stream()
			.filter(key -> key.managed() && key.isRetired() && key.destroyedAt() == null && !key.isPublishedAt(now))
			.forEach(key -> steps.add(new Destroy(key.kid())));
		return steps;
	}

	/** The key signing an algorithm now; profile-bound keys are outside rotation. */
	static Optional<KeyLife> active(List<KeyLife> keys, TokenAlgorithm algorithm) {
		return keys.stream()
			.filter(key -> key.algorithm() == algorithm && key.isActive() && !key.dedicated())
			.max(Comparator.comparing(KeyLife::activatedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
	}

	/** A managed key waiting to sign an algorithm: the one planned earliest. */
	static Optional<KeyLife> successor(List<KeyLife> keys, TokenAlgorithm algorithm) {
		return keys.stream()
			.filter(key -> key.algorithm() == algorithm && key.managed() && key.isWaiting() && key.destroyedAt() == null && !key.dedicated())
			.min(Comparator.comparing(KeyLife::activateAt));
	}

}
