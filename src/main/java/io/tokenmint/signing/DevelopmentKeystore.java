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
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import io.tokenmint.OwnerOnlyFiles;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Creates the keystore the embedded defaults run with: one RSA 2048 key, alias {@value #ALIAS}. A PKCS12
 * key entry needs a certificate, so the key gets a self-signed one; verifiers never look at it.
 */
final class DevelopmentKeystore {

	static final String ALIAS = "tokenmint-dev-rsa";

	private static final SecureRandom RANDOM = new SecureRandom();

	private DevelopmentKeystore() {
	}

	static void create(Path file, String type, char[] password) throws IOException, GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048, RANDOM);
		KeyPair pair = generator.generateKeyPair();
		X509Certificate certificate = selfSigned(pair);
		KeyStore store = KeyStore.getInstance(type);
		store.load(null, null);
		store.setKeyEntry(ALIAS, pair.getPrivate(), password, new X509Certificate[] { certificate });
		try (OutputStream out = OwnerOnlyFiles.newOutputStream(file)) {
			store.store(out, password);
		}
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
			var signer = new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
			return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException("cannot sign the development certificate", ex);
		}
	}

}
