package io.tokenmint.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tokenmint.ConfigurationProblem;
import io.tokenmint.OwnerOnlyFiles;
import io.tokenmint.TokenmintProperties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The operator's key for {@code /admin/**}. Taken from {@code TOKENMINT_ADMIN_API_KEY} when set; otherwise
 * generated once into {@code data/admin-api-key} (mode 0600), so there is never a default that works.
 */
@Component
public class AdminKey {

	private static final Logger log = LoggerFactory.getLogger(AdminKey.class);

	static final int MIN_LENGTH = 24;

	private final String hash;

	AdminKey(AdminProperties admin, TokenmintProperties properties) {
		String configured = admin.apiKey() == null ? "" : admin.apiKey();
		this.hash = ApiKeys.hash(resolve(configured, properties.dataDir().resolve("admin-api-key")));
	}

	private static String resolve(String configured, Path file) {
		if (!configured.isEmpty()) {
			if (configured.length() < MIN_LENGTH) {
				// The key itself never goes into the message: its length says what is wrong.
				throw new ConfigurationProblem("tokenmint.admin.api-key (TOKENMINT_ADMIN_API_KEY)", "(" + configured.length() + " characters)",
						"at least " + MIN_LENGTH + " characters", "Use a random value, such as the output of 'openssl rand -base64 32'.");
			}
			log.info("Admin API key taken from TOKENMINT_ADMIN_API_KEY");
			return configured;
		}
		try {
			if (Files.isRegularFile(file)) {
				log.info("Admin API key read from {}", file.toAbsolutePath());
				return Files.readString(file, StandardCharsets.UTF_8).strip();
			}
			String key = ApiKeys.generate();
			try (OutputStream out = OwnerOnlyFiles.newOutputStream(file)) {
				out.write(key.getBytes(StandardCharsets.UTF_8));
			}
			log.warn("Generated an admin API key and wrote it to {} (readable by this user only); "
					+ "set TOKENMINT_ADMIN_API_KEY to choose your own", file.toAbsolutePath());
			return key;
		}
		catch (IOException ex) {
			throw new ConfigurationProblem("tokenmint.data-dir (the admin key file in it)", file.toAbsolutePath(),
					"readable, or writable on first start (" + ex.getClass().getSimpleName() + ")",
					"Make the directory writable by this user, or set TOKENMINT_ADMIN_API_KEY instead.");
		}
	}

	/** Constant-time check of a presented key. */
	public boolean matches(String presented) {
		return matchesHash(ApiKeys.hash(presented));
	}

	/** Constant-time check of a presented key's {@link ApiKeys#hash}. */
	public boolean matchesHash(String presentedHash) {
		return ApiKeys.sameHash(presentedHash, hash);
	}

}
