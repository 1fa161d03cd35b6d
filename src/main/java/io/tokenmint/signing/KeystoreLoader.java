package io.tokenmint.signing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.jsonwebtoken.security.Keys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the signing keys from the keystore, checking each entry the way Keycloak's keystore provider
 * does (alias, entry type, key type and size, certificate) and failing with a message that names the
 * entry. Creates a development keystore when allowed and none exists.
 */
final class KeystoreLoader {

	private static final Logger log = LoggerFactory.getLogger(KeystoreLoader.class);

	/** Aliases become {@code kid} values and URL path segments ({@code /keys/{kid}.pem}). */
	static final Pattern KID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final int MIN_RSA_BITS = 2048;

	private final SigningProperties properties;

	/** Configured once: SunPKCS11 keeps a session with the token for the life of the provider. */
	private Provider pkcs11;

	KeystoreLoader(SigningProperties properties) {
		this.properties = properties;
	}

	boolean isFile() {
		return properties.provider() == SigningProperties.Provider.KEYSTORE;
	}

	/** SHA-256 of the keystore file, to notice a change; {@code null} when it cannot be read. */
	String fingerprint() {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(properties.keystore())));
		}
		catch (IOException | GeneralSecurityException ex) {
			return null;
		}
	}

	/** @param algorithms the algorithms in use, for which a generated development keystore holds a key each */
	List<SigningKey> load(Set<TokenAlgorithm> algorithms) {
		char[] password = password();
		KeyStore store = open(password, algorithms);
		List<SigningKey> keys = new ArrayList<>();
		try {
			for (String alias : Collections.list(store.aliases())) {
				// Key-encryption keys wrap managed keys; they never sign.
				if (alias.equalsIgnoreCase(String.valueOf(properties.kekAlias())) || alias.equalsIgnoreCase(DevelopmentKeystore.KEK_ALIAS)) {
					continue;
				}
				readEntry(store, alias, password).ifPresent(keys::add);
			}
		}
		catch (GeneralSecurityException ex) {
			throw new KeystoreProblem("cannot read keys from " + source() + ": " + ex.getMessage(), ex);
		}
		if (keys.isEmpty()) {
			throw new KeystoreProblem(source() + " holds no private key entry to sign with");
		}
		return keys;
	}

	/**
	 * The AES key-encryption key under {@code tokenmint.signing.kek-alias}. On a PKCS#11 token it stays there,
	 * and wrapping runs on the token.
	 */
	KeyEncryptionKey keyEncryptionKey(Set<TokenAlgorithm> algorithms) {
		String alias = properties.kekAlias();
		char[] password = password();
		KeyStore store = open(password, algorithms);
		String where = source() + ", alias '" + alias + "'";
		try {
			if (!store.containsAlias(alias)) {
				throw new KeystoreProblem(where + ": no such entry for tokenmint.signing.kek-alias (add an AES key, e.g. keytool "
						+ "-genseckey -keyalg AES -keysize 256 -alias " + alias + ")");
			}
			Key key = store.getKey(alias, password);
			if (!(key instanceof javax.crypto.SecretKey secret) || !"AES".equalsIgnoreCase(secret.getAlgorithm())) {
				throw new KeystoreProblem(where + ": the key-encryption key must be an AES secret key, not "
						+ (key == null ? "nothing" : key.getAlgorithm()));
			}
			return new KeyEncryptionKey(alias, secret, pkcs11);
		}
		catch (GeneralSecurityException ex) {
			throw new KeystoreProblem(where + ": cannot read the key-encryption key: " + ex.getMessage(), ex);
		}
	}

	private String source() {
		return isFile() ? "keystore " + properties.keystore() : "PKCS#11 token " + properties.pkcs11Config();
	}

	private char[] password() {
		if (properties.hasKeystorePassword()) {
			return properties.keystorePassword().toCharArray();
		}
		if (!isFile()) {
			throw new KeystoreProblem("no PIN for the PKCS#11 token: set TOKENMINT_KEYSTORE_PASSWORD");
		}
		var passwordFile = properties.generatedPasswordFile();
		if (properties.generateIfMissing() && Files.isRegularFile(passwordFile)) {
			try {
				return Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
			}
			catch (IOException ex) {
				throw new KeystoreProblem("cannot read " + passwordFile + ": " + ex.getMessage(), ex);
			}
		}
		if (properties.generateIfMissing() && !Files.exists(properties.keystore())) {
			try {
				return DevelopmentKeystore.createPassword(passwordFile);
			}
			catch (IOException ex) {
				throw new KeystoreProblem("cannot write " + passwordFile + ": " + ex.getMessage(), ex);
			}
		}
		throw new KeystoreProblem("no password for keystore " + properties.keystore()
				+ ": set TOKENMINT_KEYSTORE_PASSWORD (or tokenmint.signing.keystore-password)");
	}

	private KeyStore open(char[] password, Set<TokenAlgorithm> algorithms) {
		if (!isFile()) {
			return openPkcs11(password);
		}
		var file = properties.keystore();
		if (!Files.exists(file)) {
			if (!properties.generateIfMissing()) {
				throw new KeystoreProblem("keystore " + file.toAbsolutePath()
						+ " does not exist; mount one or set tokenmint.signing.generate-if-missing=true for development");
			}
			generate(password, algorithms);
		}
		try (InputStream in = Files.newInputStream(file)) {
			KeyStore store = KeyStore.getInstance(properties.keystoreType());
			store.load(in, password);
			if (isGeneratedDevelopmentKeystore()) {
				List<String> added = DevelopmentKeystore.addMissing(file, store, password, algorithms);
				if (!added.isEmpty()) {
					log.warn("Added development keys {} to {} for the algorithms now in use", added, file.toAbsolutePath());
				}
			}
			return store;
		}
		catch (IOException ex) {
			String why = ex.getCause() instanceof UnrecoverableKeyException ? "wrong password"
					: "wrong password or not a " + properties.keystoreType() + " file";
			throw new KeystoreProblem("cannot open keystore " + file + ": " + why, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new KeystoreProblem("cannot open keystore " + file + ": " + ex.getMessage(), ex);
		}
	}

	private synchronized KeyStore openPkcs11(char[] pin) {
		var config = properties.pkcs11Config();
		try {
			if (pkcs11 == null) {
				Provider base = Security.getProvider("SunPKCS11");
				if (base == null) {
					throw new KeystoreProblem("this Java runtime has no SunPKCS11 provider");
				}
				pkcs11 = base.configure(config.toAbsolutePath().toString());
				Security.addProvider(pkcs11);
			}
			KeyStore store = KeyStore.getInstance("PKCS11", pkcs11);
			store.load(null, pin);
			return store;
		}
		catch (IOException ex) {
			throw new KeystoreProblem("cannot log in to the PKCS#11 token of " + config + ": wrong PIN or token not present", ex);
		}
		catch (GeneralSecurityException | java.security.InvalidParameterException | java.security.ProviderException ex) {
			throw new KeystoreProblem("cannot open the PKCS#11 token of " + config + ": " + ex.getMessage(), ex);
		}
	}

	/** A keystore tokenmint made itself: its password lies beside it, and nobody set one. */
	private boolean isGeneratedDevelopmentKeystore() {
		return properties.generateIfMissing() && !properties.hasKeystorePassword() && Files.isRegularFile(properties.generatedPasswordFile());
	}

	private void generate(char[] password, Set<TokenAlgorithm> algorithms) {
		var file = properties.keystore();
		try {
			DevelopmentKeystore.create(file, properties.keystoreType(), password, algorithms);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new KeystoreProblem("cannot create development keystore " + file + ": " + ex.getMessage(), ex);
		}
		log.warn("""

				****************************************************************************
				* DEVELOPMENT SIGNING KEY: no keystore existed, so tokenmint generated     *
				* {} with a key for each algorithm in use ({}).
				* Its password is in {}.
				* Tokens signed with it are only as safe as this machine. In production   *
				* mount your own keystore and set tokenmint.signing.generate-if-missing=false.
				****************************************************************************""",
				file.toAbsolutePath(), new java.util.TreeSet<>(algorithms), properties.generatedPasswordFile().toAbsolutePath());
	}

	private java.util.Optional<SigningKey> readEntry(KeyStore store, String alias, char[] password)
			throws GeneralSecurityException {
		String where = (isFile() ? "keystore " + properties.keystore() : "PKCS#11 token") + ", alias '" + alias + "'";
		if (!store.isKeyEntry(alias)) {
			log.info("Ignoring {}: not a private key entry", where);
			return java.util.Optional.empty();
		}
		if (!KID.matcher(alias).matches()) {
			throw new KeystoreProblem(where + ": an alias becomes the kid and may use only letters, digits, '.', '_' and '-' (at most 64)");
		}
		Key key;
		try {
			key = store.getKey(alias, password);
		}
		catch (UnrecoverableKeyException ex) {
			throw new KeystoreProblem(where + ": the key's password differs from the keystore password", ex);
		}
		if (!(key instanceof PrivateKey privateKey)) {
			throw new KeystoreProblem(where + ": not a private key (secret keys cannot sign verifiable tokens)");
		}
		Certificate certificate = store.getCertificate(alias);
		if (!(certificate instanceof X509Certificate x509)) {
			throw new KeystoreProblem(where + ": no X.509 certificate holds the public key");
		}
		if (pkcs11 != null) {
			// A token's key never leaves it; jjwt needs its public half to pick the algorithm details.
			privateKey = Keys.builder(privateKey).publicKey(x509.getPublicKey()).provider(pkcs11).build();
		}
		SigningKey signingKey = SigningKey.of(alias, privateKey, x509);
		var description = signingKey.description();
		if (description.type().equals("RSA") && description.bits() < MIN_RSA_BITS) {
			throw new KeystoreProblem(where + ": RSA key of " + description.bits() + " bits; at least " + MIN_RSA_BITS + " required");
		}
		if (signingKey.algorithms().isEmpty()) {
			throw new KeystoreProblem(where + ": " + description.type() + " " + description.curve()
					+ " key cannot sign RS256, RS512, ES256 or ES512 (use RSA, EC P-256 or EC P-521)");
		}
		return java.util.Optional.of(signingKey);
	}

	/** The keystore cannot be used; start-up stops with this message. */
	static final class KeystoreProblem extends IllegalStateException {

		KeystoreProblem(String message) {
			super(message);
		}

		KeystoreProblem(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
