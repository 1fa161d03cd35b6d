package io.tokenmint.release;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expand and contract, as rules a migration's text can be held to (docs/operations.md, "Upgrading"). A migration
 * added after the last release must leave that release's replicas working on the database: it adds (tables,
 * nullable columns or columns with a default, indexes built concurrently on PostgreSQL) and does not remove,
 * rename, retype or restrict what exists, unless it declares the contraction by raising
 * {@code schema_compatibility.oldest_release}, to no later than the last release.
 */
final class MigrationRules {

	private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;

	private static final Pattern CONTRACTION = Pattern.compile(
			"\\bDROP\\s+(TABLE|COLUMN|CONSTRAINT|VIEW)\\b|\\bALTER\\s+TABLE\\s+[^;]*?\\bDROP\\s+(?!DEFAULT|NOT\\s+NULL)\\w+"
					+ "|\\bRENAME\\b|\\bALTER\\s+COLUMN\\s+[^;]*?\\b(TYPE|SET\\s+NOT\\s+NULL|SET\\s+DATA\\s+TYPE)\\b|\\bADD\\s+CONSTRAINT\\b",
			FLAGS);

	private static final Pattern NOT_NULL_COLUMN = Pattern.compile("\\bADD\\s+(COLUMN\\s+)?[^;]*?\\bNOT\\s+NULL\\b[^;]*", FLAGS);

	private static final Pattern INDEX = Pattern.compile("\\bCREATE\\s+(UNIQUE\\s+)?INDEX\\b(\\s+CONCURRENTLY)?", FLAGS);

	private static final Pattern RAISE = Pattern.compile(
			"\\bUPDATE\\s+schema_compatibility\\s+SET\\s+oldest_release\\s*=\\s*'(\\d+\\.\\d+\\.\\d+)'", FLAGS);

	private MigrationRules() {
	}

	/**
	 * @param path the migration's path under db/ ({@code migration/...} shared, {@code vendor/postgresql/...})
	 * @param sql its text
	 * @param inTransaction whether Flyway runs it in a transaction (its {@code .conf} says otherwise)
	 * @param lastRelease the newest release cut; a contraction may raise the oldest release to it, not beyond
	 */
	static List<String> violations(String path, String sql, boolean inTransaction, String lastRelease) {
		String text = sql.replaceAll("--[^\\n]*", " ");
		List<String> violations = new ArrayList<>();
		Matcher raise = RAISE.matcher(text);
		String raisedTo = raise.find() ? raise.group(1) : null;
		Matcher contraction = CONTRACTION.matcher(text);
		if (contraction.find()) {
			if (raisedTo == null) {
				violations.add(path + ": '" + contraction.group().trim() + "' contracts the schema, which the last release's replicas "
						+ "may still use; contract one release later and raise schema_compatibility.oldest_release in the same file");
			}
		}
		if (raisedTo != null && Release.compare(raisedTo, lastRelease) > 0) {
			violations.add(path + ": raises the oldest compatible release to " + raisedTo + ", past the last release (" + lastRelease
					+ "), whose replicas could then not roll to this one");
		}
		Matcher notNull = NOT_NULL_COLUMN.matcher(text);
		while (notNull.find()) {
			if (!notNull.group().toUpperCase(java.util.Locale.ROOT).contains("DEFAULT")) {
				violations.add(path + ": '" + notNull.group().trim() + "' adds a NOT NULL column without a default, which the last "
						+ "release's inserts do not fill");
			}
		}
		Matcher index = INDEX.matcher(text);
		while (index.find()) {
			if (!path.startsWith("vendor/")) {
				violations.add(path + ": creates an index in a shared migration; build it per database (vendor/h2, vendor/postgresql)");
			}
			else if (path.startsWith("vendor/postgresql/") && (index.group(2) == null || inTransaction)) {
				violations.add(path + ": builds an index on PostgreSQL without CONCURRENTLY outside a transaction ("
						+ "executeInTransaction=false in its .conf), which locks the table's writes while old replicas serve");
			}
		}
		return violations;
	}

}
