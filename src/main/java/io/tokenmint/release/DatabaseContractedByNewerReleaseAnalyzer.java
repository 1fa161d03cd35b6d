package io.tokenmint.release;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says which releases can run on the database and what to do, instead of Flyway's stack trace. */
class DatabaseContractedByNewerReleaseAnalyzer extends AbstractFailureAnalyzer<DatabaseContractedByNewerRelease> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DatabaseContractedByNewerRelease problem) {
		String description = "tokenmint " + problem.release() + " cannot run on this database.\n\n    A release newer than "
				+ problem.release() + " has migrated it and removed tables or columns that " + problem.release()
				+ " reads or writes (expand and contract).\n    Oldest release that can run on it: " + problem.oldestRelease()
				+ "\n\nNothing was changed: this release stopped before migrating.";
		String action = "Run release " + problem.oldestRelease() + " or later against this database, or restore the backup taken "
				+ "before the upgrade to run " + problem.release() + " (docs/operations.md, \"Upgrading\" and \"Backing up and restoring\").";
		return new FailureAnalysis(description, action, problem);
	}

}
