package io.tokenmint.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.flywaydb.core.api.MigrationVersion;

/**
 * This build's release and the oldest release whose replicas keep working on the database once this release has
 * migrated it. The version comes from the build (Spring Boot's {@code META-INF/build-info.properties}); the oldest
 * compatible release is declared in {@code META-INF/tokenmint/release.properties} and rises only with a release
 * whose migrations contract, which also writes it into the database ({@code schema_compatibility}).
 *
 * @param version this build's version as Maven knows it ({@code 1.1.0-SNAPSHOT} between releases)
 * @param oldestCompatible the oldest release that can run beside this one on its database
 */
public record Release(String version, String oldestCompatible) {

	private static final String BUILD_INFO = "META-INF/build-info.properties";

	private static final String RELEASE = "META-INF/tokenmint/release.properties";

	public static Release current() {
		return new Release(read(BUILD_INFO).getProperty("build.version", "0.0.0"),
				read(RELEASE).getProperty("oldest-compatible-release", "0.0.0"));
	}

	/** Orders release versions as numbers (1.10.0 after 1.9.0); a qualifier such as -SNAPSHOT is not compared. */
	public static int compare(String left, String right) {
		return number(left).compareTo(number(right));
	}

	/** Whether {@code version} is a release version at all, as an operator might type it. */
	public static boolean isVersion(String version) {
		return version.matches("\\d{1,4}(\\.\\d{1,4}){0,2}(-[A-Za-z0-9.]{1,32})?");
	}

	/** This release without its qualifier: what the start-up check and the upgrade check compare. */
	public String number() {
		return version.replaceFirst("-.*$", "");
	}

	private static MigrationVersion number(String version) {
		return MigrationVersion.fromVersion(version.replaceFirst("-.*$", ""));
	}

	private static Properties read(String resource) {
		Properties properties = new Properties();
		try (InputStream in = Release.class.getClassLoader().getResourceAsStream(resource)) {
			if (in != null) {
				properties.load(in);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + resource, ex);
		}
		return properties;
	}

}
