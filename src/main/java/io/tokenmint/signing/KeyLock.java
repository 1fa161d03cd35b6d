package io.tokenmint.signing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import io.tokenmint.cluster.ReplicaLock;
import io.tokenmint.cluster.ReplicaLocks;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;

import org.springframework.stereotype.Component;

/**
 * The one lock every change of a key's life is taken under, on every replica: the schedule, the admin API and
 * the console. Steps under it touch only the database (deliveries to consumers run outside it), so it is held
 * for milliseconds, and an operator's request can afford to wait for it.
 */
@Component
class KeyLock {

	/** "tokenmint rotation" as a number, distinct from the audit purge's and the deliveries' locks. */
	static final long KEY = 0x746f6b6e726f7461L;

	private final ReplicaLock lock;

	private final Duration wait;

	KeyLock(ReplicaLocks locks, SigningProperties signing) {
		this.lock = locks.lock(KEY);
		this.wait = signing.lockWait();
	}

	/** For the schedule: runs the work if nobody holds the lock, and otherwise leaves it to the next run. */
	<T> Optional<T> tryRun(Supplier<T> work) {
		return lock.run(Duration.ZERO, work);
	}

	/** For an operator: waits up to {@code tokenmint.signing.lock-wait}, then answers busy, nothing changed. */
	<T> T run(Supplier<T> work) {
		return lock.run(wait, work).orElseThrow(() -> new ProblemException(ProblemCode.ROTATION_BUSY, "Another key step held the key lock for over "
				+ wait.toSeconds() + " s; nothing was changed. Try again in a moment (GET /admin/keys shows the state now)."));
	}

}
