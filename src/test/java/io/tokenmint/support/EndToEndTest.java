package io.tokenmint.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Starts the real service on a random port with its embedded defaults (H2, a development keystore
 * generated on first start) in a scratch directory. Subclasses share one running service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class EndToEndTest {

	public static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";

	protected static final Path WORK_DIR = createWorkDir();

	private static final String DATABASE_DIR = "tokenmint.test.database-dir";

	@LocalServerPort
	protected int port;

	protected TestApi api;

	private static Path createWorkDir() {
		try {
			return Files.createTempDirectory("tokenmint-e2e");
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void embeddedDefaults(DynamicPropertyRegistry registry) {
		// The shared directory unless a subclass chose its own (ownDatabase).
		String data = "${" + DATABASE_DIR + ":" + WORK_DIR.resolve("data") + "}";
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + data + "/tokenmint;WRITE_DELAY=0");
		registry.add("tokenmint.data-dir", () -> data);
		registry.add("tokenmint.signing.keystore", () -> WORK_DIR.resolve("keys/tokenmint-dev.p12").toString());
		registry.add("tokenmint.admin.api-key", () -> ADMIN_KEY);
	}

	/**
	 * For a subclass whose service leaves in its database what the shared service would refuse at start (managed keys
	 * under a key-encryption key the others are not given): its own database, so that the order in which surefire runs
	 * the classes cannot matter. The keystore stays shared, as other tests sign with its development key.
	 * <p>
	 * A property of its own that the shared settings read, not the same properties set again: Spring calls the
	 * subclass's {@code @DynamicPropertySource} before this class's, so this class's values would win.
	 */
	protected static void ownDatabase(DynamicPropertyRegistry registry, String name) {
		registry.add(DATABASE_DIR, () -> WORK_DIR.resolve(name).resolve("data").toString());
	}

	@BeforeEach
	protected void connect() {
		api = new TestApi(port);
	}

	protected String[] admin() {
		return TestApi.apiKey(ADMIN_KEY);
	}

	/** Creates a client and returns its API key. */
	protected String createClient(Map<String, Object> body) {
		var response = api.post("/admin/clients", body, admin());
		if (response.status() != 201) {
			throw new AssertionError("client not created: " + response);
		}
		return (String) response.json().get("api_key");
	}

	protected String createClient(Object maxPermissions, List<String> documents) {
		return createClient(Map.of("name", "backend", "max_permissions", maxPermissions, "documents", documents,
				"max_expires_in", 7200, "may_set_password", true));
	}

}
