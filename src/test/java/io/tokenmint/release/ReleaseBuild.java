package io.tokenmint.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.FileSystemUtils;

/**
 * A recorded release built again from its commit, as its users got it: the tree {@code git archive} gives for the
 * commit, packaged by Maven without its tests. Kept under target/releases, so a second test in the same build
 * reuses it.
 */
public final class ReleaseBuild {

	private ReleaseBuild() {
	}

	public static Path jar(Releases.Cut release) throws IOException, InterruptedException {
		Path home = Path.of("target/releases", release.version()).toAbsolutePath();
		Path jar = home.resolve("target/tokenmint-" + release.version() + ".jar");
		if (Files.isRegularFile(jar)) {
			return jar;
		}
		FileSystemUtils.deleteRecursively(home);
		Files.createDirectories(home);
		Path archive = home.resolveSibling(release.version() + ".tar");
		Releases.git("archive", "--format=tar", "-o", archive.toString(), release.commit());
		run(home, List.of("tar", "-xf", archive.toString()));
		List<String> maven = new ArrayList<>(List.of(Path.of(System.getProperty("maven.home", "/usr/share/maven"), "bin", "mvn").toString(),
				"-B", "-q", "package", "-Dmaven.test.skip=true"));
		run(home, maven);
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("building release " + release.version() + " left no " + jar);
		}
		return jar;
	}

	private static void run(Path directory, List<String> command) throws IOException, InterruptedException {
		Path log = Files.createTempFile("tokenmint-release-build", ".log");
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
			.start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed in " + directory + ":\n" + Files.readString(log));
		}
		Files.delete(log);
	}

}
