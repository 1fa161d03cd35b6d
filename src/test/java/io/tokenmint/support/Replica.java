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

	public static Replica start(Map<String, Object> properties) {
		var arguments = new java.util.ArrayList<String>();
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		arguments.add("--server.port=0");
		var context = new SpringApplicationBuilder(TokenmintApplication.class).run(arguments.toArray(String[]::new));
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
