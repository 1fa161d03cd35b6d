package io.tokenmint.signing;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.tokenmint.OwnerOnlyFiles;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Creates the keystore the embedded defaults run with: one key for each algorithm the profiles use, so that
 * switching a profile to ES256 in development just works. A generated keystore that lacks a key for an
 * algorithm put in use later gets one added. A PKCS12 key entry needs a certificate, so each key gets a
 * self-signed one; verifiers never look at it.
 */
final class DevelopmentKeystore {

	/** The RS256 key's alias, as the first versions named it. */
	static final String ALIAS = "tokenmint-dev-rsa";

	private static final Map<TokenAlgorithm, String> ALIASES = Map.of(TokenAlgorithm.RS256, ALIAS, TokenAlgorithm.RS512,
			"tokenmint-dev-rs512", TokenAlgorithm.ES256, "tokenmint-dev-es256", TokenAlgorithm.ES512, "tokenmint-dev-es512");

	/** The AES key-encryption key of a development keystore, for trying managed keys on one machine. */
	static final String KEK_ALIAS = "tokenmint-dev-kek";

	private static final SecureRandom RANDOM = new SecureRandom();

	private DevelopmentKeystore() {
	}

	/** The algorithm a development key was made for, by its alias. */
	static Optional<TokenAlgorithm> algorithmOf(String alias) {
		return ALIASES.entrySet().stream().filter(entry -> entry.getValue().equals(alias)).map(Map.Entry::getKey).findFirst();
	}

	static void create(Path file, String type, char[] password, Set<TokenAlgorithm> algorithms)
			throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance(type);
		store.load(null, null);
		addMissing(file, store, password, algorithms);
	}

	/**
	 * Adds a key for each algorithm no development key serves yet, and writes the keystore back if any was added.
	 * @return the aliases added
	 */
	static List<String> addMissing(Path file, KeyStore store, char[] password, Set<TokenAlgorithm> algorithms)
			throws IOException, GeneralSecurityException {
		List<String> added = new ArrayList<>();
		for (TokenAlgorithm algorithm : new TreeSet<>(algorithms)) {
			String alias = ALIASES.get(algorithm);
			if (store.containsAlias(alias)) {
				continue;
			}
			KeyPair pair = generate(algorithm);
			store.setKeyEntry(alias, pair.getPrivate(), password, new X509Certificate[] { selfSigned(pair) });
			added.add(alias);
		}
		if (!store.containsAlias(KEK_ALIAS)) {
			javax.crypto.KeyGenerator aes = javax.crypto.KeyGenerator.getInstance("AES");
			aes.init(256, RANDOM);
			store.setEntry(KEK_ALIAS, new KeyStore.SecretKeyEntry(aes.generateKey()), new KeyStore.PasswordProtection(password));
			added.add(KEK_ALIAS);
		}
		if (!added.isEmpty()) {
			try (OutputStream out = OwnerOnlyFiles.newOutputStream(file)) {
				store.store(out, password);
			}
		}
		return added;
	}

	private static KeyPair generate(TokenAlgorithm algorithm) throws GeneralSecurityException {
		boolean rsa = algorithm.name().startsWith("RS");
		KeyPairGenerator generator = KeyPairGenerator.getInstance(rsa ? "RSA" : "EC");
		if (rsa) {
			generator.initialize(2048, RANDOM);
		}
		else {
			generator.initialize(new ECGenParameterSpec(algorithm == TokenAlgorithm.ES256 ? "secp256r1" : "secp521r1"), RANDOM);
		}
		return generator.generateKeyPair();
	}

	/** A random password for a generated keystore, written beside it readable by the owner only. */
	static char[] createPassword(Path passwordFile) throws IOException {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		try (OutputStream out = OwnerOnlyFiles.newOutputStream(passwordFile)) {
			out.write(password.getBytes(StandardCharsets.UTF_8));
		}
		return password.toCharArray();
	}

	private static X509Certificate selfSigned(KeyPair pair) throws GeneralSecurityException {
		X500Name subject = new X500Name("CN=tokenmint development signing key");
		Instant now = Instant.now();
		try {
			var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, RANDOM), Date.from(now),
					Date.from(now.plus(Duration.ofDays(3650))), subject, pair.getPublic());
			String signature = pair.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
			var signer = new JcaContentSignerBuilder(signature).build(pair.getPrivate());
			return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException("cannot sign the development certificate", ex);
		}
	}

}
