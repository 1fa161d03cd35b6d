package io.tokenmint.support;

import java.util.Map;

import io.tokenmint.TokenmintApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One running tokenmint instance in this JVM, on its own random port, as a replica behind a load balancer.
 * Settings go in as command-line arguments, which outrank config/application.yml as they would in production.
 */
public record Replica(ConfigurableApplicationContext context, TestApi api) implements AutoCloseable {

	/**
	 * The settings every test replica needs besides its database: a scratch data directory, a development
	 * keystore generated there, the admin key, and quiet logs. Returns a map the caller may add to.
	 */
	public static Map<String, Object> settings(java.nio.file.Path dir, String adminKey) {
		Map<String, Object> properties = new java.util.LinkedHashMap<>();
		properties.put("tokenmint.data-dir", dir.resolve("data").toString());
		properties.put("tokenmint.signing.keystore", dir.resolve("keys/dev.p12").toString());
		properties.put("tokenmint.admin.api-key", adminKey);
		properties.put("logging.level.root", "WARN");
		return properties;
	}

	/**
	 * The settings of a replica that keeps keys of its own: a keystore the caller wrote, holding an AES
	 * key-encryption key under the alias {@code kek}, and stand-in consumers on loopback allowed. No schedule:
	 * the caller sets {@code tokenmint.signing.rotation.every} if it wants one.
	 */
	public static Map<String, Object> managedKeys(java.nio.file.Path keystore, String password, String adminKey) {
		Map<String, Object> properties = new java.util.LinkedHashMap<>();
		properties.put("tokenmint.admin.api-key", adminKey);
		properties.put("tokenmint.signing.keystore", keystore.toString());
		properties.put("tokenmint.signing.keystore-password", password);
		properties.put("tokenmint.signing.generate-if-missing", "false");
		properties.put("tokenmint.signing.kek-alias", "kek");
		properties.put("tokenmint.signing.rotation.consumer-allow-list", "127.0.0.1/32");
		return properties;
	}

	/** The same settings as environment variables, the way a container is given them (Spring's canonical form). */
	public static Map<String, String> asEnvironment(Map<String, Object> properties) {
		Map<String, String> environment = new java.util.LinkedHashMap<>();
		properties.forEach((name, value) -> environment.put(name.replace("-", "").replace('.', '_').toUpperCase(java.util.Locale.ROOT),
				String.valueOf(value)));
		return environment;
	}

	public static Replica start(Map<String, Object> properties) {
		return start(properties, Map.of());
	}

	/**
	 * @param beans objects of the test's own put into the context before it starts, by bean name: a clock the
	 *        test moves, say, where the service looks one up
	 */
	public static Replica start(Map<String, Object> properties, Map<String, Object> beans) {
		var arguments = new java.util.ArrayList<String>();
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		arguments.add("--server.port=0");
		var context = new SpringApplicationBuilder(TokenmintApplication.class)
			.initializers(starting -> beans.forEach(starting.getBeanFactory()::registerSingleton))
			.run(arguments.toArray(String[]::new));
		int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
		return new Replica(context, new TestApi(port));
	}

	public int port() {
		return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	@Override
	public void close() {
		context.close();
	}

}
