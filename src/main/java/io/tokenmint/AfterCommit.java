package io.tokenmint;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs cache invalidations once a change is visible to others: invalidated before the commit, a cache could be
 * refilled from the old rows by a concurrent request and keep serving them until it expires.
 */
public final class AfterCommit {

	private AfterCommit() {
	}

	/** Runs now, and once more after the current transaction commits (when there is one). */
	public static void invalidate(Runnable invalidation) {
		invalidation.run();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					invalidation.run();
				}

			});
		}
	}

}
