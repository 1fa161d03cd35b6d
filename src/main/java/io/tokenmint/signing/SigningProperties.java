package io.tokenmint.signing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import io.tokenmint.ConfigurationProblem;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the signing keys come from and how they rotate.
 *
 * @param provider {@code keystore} (a PKCS12 or JKS file) or {@code pkcs11} (a hardware or cloud HSM,
 *        through SunPKCS11; the keys never leave it)
 * @param keystore the keystore file, one private key entry per signing key; the alias is the kid
 * @param keystorePassword its password, or the PKCS#11 PIN; for a generated development keystore with no
 *        password configured, a random one is kept in a file beside it
 * @param keystoreType {@code PKCS12} or {@code JKS}
 * @param pkcs11Config the SunPKCS11 configuration file (library, slot) when the provider is pkcs11
 * @param generateIfMissing create a development keystore when the file does not exist; off in production
 * @param initialKey alias of the key that becomes active on first start; by default the alphabetically
 *        first key able to sign each profile's algorithm
 * @param algorithms the algorithm a key signs with, by kid, where the default (the first profile algorithm
 *        the key can serve) is not wanted: an RSA key for RS512, say
 * @param publishAhead how long a key must have been published before it may be activated without force
 * @param reloadInterval how often the keystore file is checked for changes
 * @param stateRefresh how often key states are re-read from the database, which bounds how long other
 *        replicas take to follow an activation or retirement
 * @param accp sign with Amazon Corretto Crypto Provider where it loads (Linux x86_64 and aarch64)
 * @param kekAlias alias of the AES key-encryption key in the keystore or on the PKCS#11 token that wraps the
 *        private parts of managed keys (those tokenmint generates and rotates itself); unset, there are none
 * @param lockWait how long an operator's key step (activate, retire, rotate) waits for another replica's or the
 *        schedule's step to finish before it is answered {@code 409 ROTATION_BUSY}
 * @param keysPerProfile with managed keys: every profile not bound to a keystore key ({@code key-id}) signs from a
 *        line of managed keys of its own, so that no profile's token is valid as another's; off, profiles of an
 *        algorithm share its key
 * @param destroyUnreadableKeys after the key-encryption key was lost: the kids of managed keys that may be retired,
 *        withdrawn and destroyed at start if they cannot be unwrapped with the configured one (docs/operations.md,
 *        "Losing the key-encryption key"). Named one by one, so that a replica started later with a wrong key-encryption
 *        key refuses to start rather than destroying keys the others can read; any other unreadable key stops the start
 *        and nothing is changed
 */
@Validated
@ConfigurationProperties("tokenmint.signing")
public record SigningProperties(@DefaultValue("keystore") @NotNull Provider provider,
		@DefaultValue("keys/tokenmint-dev.p12") @NotNull Path keystore, String keystorePassword,
		@DefaultValue("PKCS12") @NotBlank String keystoreType, Path pkcs11Config,
		@DefaultValue("true") boolean generateIfMissing, String initialKey, Map<String, TokenAlgorithm> algorithms,
		@DefaultValue("10m") @NotNull Duration publishAhead, @DefaultValue("10s") @NotNull Duration reloadInterval,
		@DefaultValue("2s") @NotNull Duration stateRefresh, @DefaultValue("true") boolean accp, String kekAlias,
		@DefaultValue("5s") @NotNull Duration lockWait, @DefaultValue("true") boolean keysPerProfile,
		Set<String> destroyUnreadableKeys) {

	public SigningProperties {
		algorithms = algorithms == null ? Map.of() : Map.copyOf(algorithms);
		destroyUnreadableKeys = destroyUnreadableKeys == null ? Set.of() : Set.copyOf(destroyUnreadableKeys);
		if (provider == Provider.PKCS11 && pkcs11Config == null) {
			throw new ConfigurationProblem("tokenmint.signing.pkcs11-config", null, "required when tokenmint.signing.provider=pkcs11",
					"Point it at the SunPKCS11 configuration file (library, slot; docs/keys.md).");
		}
	}

	/** Where keys are read from. */
	public enum Provider {

		KEYSTORE, PKCS11

	}

	/** Whether tokenmint may keep keys of its own: a key-encryption key is configured. */
	public boolean managesKeys() {
		return kekAlias != null && !kekAlias.isBlank();
	}

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
		return "SigningProperties[provider=" + provider + ", keystore=" + keystore + ", keystoreType=" + keystoreType
				+ ", generateIfMissing=" + generateIfMissing + ", initialKey=" + initialKey + ", kekAlias=" + kekAlias + "]";
	}

}
