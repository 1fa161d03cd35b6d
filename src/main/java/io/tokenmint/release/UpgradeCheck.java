package io.tokenmint.release;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code java -jar tokenmint.jar upgrade-check --from <running version>}, run with the release to roll out: whether
 * its replicas can replace the running ones one at a time, the old ones serving beside the new ones on the database
 * the first new one migrates. Scriptable by its exit status, as Keycloak's {@code update-compatibility check}:
 * 0 a rolling upgrade is possible, 4 every replica must be stopped first, 1 the question was not understood.
 */
public final class UpgradeCheck {

	public static final String COMMAND = "upgrade-check";

	static final int ROLLING = 0;

	static final int USAGE = 1;

	static final int STOP_FIRST = 4;

	private static final String USAGE_TEXT = "usage: java -jar tokenmint.jar " + COMMAND + " --from <version of the running replicas>\n"
			+ "  (the running version is build.version in GET /actuator/info)";

	private UpgradeCheck() {
	}

	public static int run(List<String> arguments, Release target, PrintStream out, PrintStream err) {
		if (arguments.size() != 2 || !arguments.get(0).equals("--from") || !Release.isVersion(arguments.get(1))) {
			err.println(USAGE_TEXT);
			return USAGE;
		}
		String from = arguments.get(1);
		String to = target.version();
		if (Release.compare(from, to) > 0) {
			err.println(from + " is newer than this release (" + to + "): this command answers upgrades. Rolling back to " + to
					+ " works while no release newer than it has contracted the database; its replicas refuse to start on one that "
					+ "has, and then the way back is the backup taken before the upgrade (docs/operations.md, \"Upgrading\").");
			return USAGE;
		}
		if (Release.compare(from, target.oldestCompatible()) >= 0) {
			out.println("Rolling upgrade from " + from + " to " + to + ": possible. Replace the replicas one at a time; " + to
					+ " migrates the database when its first replica starts, and " + from + " keeps working on it.");
			return ROLLING;
		}
		out.println("Rolling upgrade from " + from + " to " + to + ": not possible. Releases older than " + target.oldestCompatible()
				+ " cannot run on the database " + to + " migrates (expand and contract keeps only the release before working). "
				+ "Either upgrade to a release between " + target.oldestCompatible()
				+ " and " + to + " first, or stop every replica of " + from + ", then start " + to + ".");
		return STOP_FIRST;
	}

}
