package io.tokenmint.rotation;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** One delivery of one key to one consumer, as stored. */
record Push(String kid, String consumerId, Action action, State state, int attempts, @Nullable Instant expiresAt, Instant nextAttemptAt,
		@Nullable String lastError, Instant updatedAt) {

	enum Action {
		ADD, REMOVE
	}

	enum State {
		PENDING, DONE, FAILED
	}

	boolean due(Instant now) {
		return state != State.DONE && !nextAttemptAt.isAfter(now);
	}

}
