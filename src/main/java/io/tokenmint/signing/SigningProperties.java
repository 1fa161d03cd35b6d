package io.tokenmint.signing;

import java.nio.file.Path;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the signing keys come from.
 *
 * @param keystore PKCS12 (or JKS) file holding one private key entry per signing key
 * @param keystorePassword its password; for a generated development keystore with no password configured,
 *        a random one is kept in a file beside it
 * @param keystoreType {@code PKCS12} or {@code JKS}
 * @param generateIfMissing create a development keystore when the file does not exist; off in production
 * @param initialKey alias of the key that signs; by default the alphabetically first key able to
 */
@Validated
@ConfigurationProperties("tokenmint.signing")
public record SigningProperties(
		@DefaultValue("keys/tokenmint-dev.p12") @NotNull Path keystore,
		String keystorePassword,
		@DefaultValue("PKCS12") @NotBlank String keystoreType,
		@DefaultValue("true") boolean generateIfMissing,
		String initialKey) {

	boolean hasKeystorePassword() {
		return keystorePassword != null && !keystorePassword.isEmpty();
	}

	/** The file that keeps the password of a generated development keystore. */
	Path generatedPasswordFile() {
		return keystore.resolveSibling(keystore.getFileName() + ".password");
	}

	@Override
	public String toString() {
		// Keeps the password out of any log line or failure analysis that prints the bound properties.
		return "SigningProperties[keystore=" + keystore + ", keystoreType=" + keystoreType
				+ ", generateIfMissing=" + generateIfMissing + ", initialKey=" + initialKey + "]";
	}

}
