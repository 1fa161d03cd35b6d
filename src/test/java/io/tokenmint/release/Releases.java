package io.tokenmint.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The releases docs/CHANGELOG.md records, newest first, each with the commit it was cut from, and what git holds of
 * that commit: the record a test rebuilds a release from.
 */
public final class Releases {

	public static final Path CHANGELOG = Path.of("docs/CHANGELOG.md");

	private static final Pattern HEADING = Pattern.compile("(?m)^## (\\d+\\.\\d+\\.\\d+) \\((\\d{4}-\\d{2}-\\d{2})\\)\\R+Cut from commit `([0-9a-f]{40})`");

	/** One release: its version, the day it was cut and the commit. */
	public record Cut(String version, String date, String commit) {
	}

	private Releases() {
	}

	public static List<Cut> all() throws IOException {
		List<Cut> cuts = new ArrayList<>();
		Matcher heading = HEADING.matcher(Files.readString(CHANGELOG));
		while (heading.find()) {
			cuts.add(new Cut(heading.group(1), heading.group(2), heading.group(3)));
		}
		return cuts;
	}

	public static Cut newest() throws IOException {
		List<Cut> cuts = all();
		if (cuts.isEmpty()) {
			throw new IllegalStateException(CHANGELOG + " records no release");
		}
		return cuts.get(0);
	}

	/** {@code git <arguments>} in the work tree, its standard output; fails with git's message. */
	public static String git(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("git"));
		command.addAll(List.of(arguments));
		Process git = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
		String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		String err = new String(git.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		if (git.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + err
					+ " (the release record needs the repository's history: a full clone, not a shallow one)");
		}
		return out;
	}

}
