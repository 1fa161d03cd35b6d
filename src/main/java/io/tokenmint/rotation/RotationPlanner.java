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
import io.tokenmint.signing.KeyLine;

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

	/** Make and publish a successor for a line that signs from {@code activateAt}. */
	record Generate(KeyLine line, Instant activateAt) implements Step {
	}

	/** The successor's time has come and every required consumer has it. */
	record Activate(String kid) implements Step {
	}

	/** The successor's time has come but a required consumer has not confirmed it. */
	record Blocked(String kid) implements Step {
	}

	/**
	 * A key of a profile's own line that no profile signs from any more (the profile was removed or disabled, bound
	 * to a keystore key, or keys per profile were turned off): it must not stay active or waiting for ever.
	 */
	record Retire(String kid) implements Step {
	}

	/** A retired managed key whose last token has expired. */
	record Destroy(String kid) implements Step {
	}

	/**
	 * @param every the rotation period, or {@code null} when keys rotate only on request
	 * @param confirmed whether every required consumer holds a key
	 */
	static List<Step> plan(List<KeyLife> keys, Set<KeyLine> lines, Instant now, @Nullable Duration every,
			Duration publishAhead, Predicate<String> confirmed) {
		List<Step> steps = new ArrayList<>();
		for (KeyLine line : lines) {
			Optional<KeyLife> active = active(keys, line);
			Optional<KeyLife> successor = successor(keys, line);
			if (active.isEmpty() && line.isShared()) {
				// A shared line's first key comes from the keystore at start-up; without one, an operator must act.
				continue;
			}
			if (successor.isEmpty()) {
				if (active.isEmpty()) {
					// A profile's own line begins, whatever the schedule: its first key is published ahead and delivered like
					// any successor, and until it signs the profile signs with its algorithm's shared key.
					steps.add(new Generate(line, now.plus(publishAhead)));
				}
				else if (every != null && active.get().activatedAt() != null) {
					Instant due = active.get().activatedAt().plus(every);
					if (!now.isBefore(due.minus(publishAhead))) {
						Instant earliest = now.plus(publishAhead);
						steps.add(new Generate(line, due.isAfter(earliest) ? due : earliest));
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
			.filter(key -> key.profile() != null && !key.isRetired() && !lines.contains(key.line()))
			.forEach(key -> steps.add(new Retire(key.kid())));
		keys.stream()
			.filter(key -> key.managed() && key.isRetired() && key.destroyedAt() == null && !key.isPublishedAt(now))
			.forEach(key -> steps.add(new Destroy(key.kid())));
		return steps;
	}

	/** The key signing for a line now; profile-bound keys are outside rotation. */
	static Optional<KeyLife> active(List<KeyLife> keys, KeyLine line) {
		return keys.stream()
			.filter(key -> key.line().equals(line) && key.isActive() && !key.dedicated())
			.max(Comparator.comparing(KeyLife::activatedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
	}

	/** A managed key waiting to sign for a line: the one planned earliest. */
	static Optional<KeyLife> successor(List<KeyLife> keys, KeyLine line) {
		return keys.stream()
			.filter(key -> key.line().equals(line) && key.managed() && key.isWaiting() && key.destroyedAt() == null && !key.dedicated())
			.min(Comparator.comparing(KeyLife::activateAt));
	}

}
