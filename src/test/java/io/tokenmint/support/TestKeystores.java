package io.tokenmint.support;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds PKCS12 keystores with chosen keys, the way an operator would with keytool. */
public final class TestKeystores {

	private final KeyStore store;

	private TestKeystores() throws Exception {
		store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
	}

	public static TestKeystores create() {
		try {
			return new TestKeystores();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public TestKeystores rsa(String alias, int bits) {
		return add(alias, "RSA", bits, null, "SHA256withRSA");
	}

	/** @param curve secp256r1, secp384r1 or secp521r1 */
	public TestKeystores ec(String alias, String curve) {
		return add(alias, "EC", 0, curve, "SHA256withECDSA");
	}

	public TestKeystores secret(String alias, String password) {
		try {
			var key = new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256");
			store.setEntry(alias, new KeyStore.SecretKeyEntry(key), new KeyStore.PasswordProtection(password.toCharArray()));
			return this;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A random AES-256 key, as {@code keytool -genseckey -keyalg AES -keysize 256} makes: a key-encryption key. */
	public TestKeystores aes(String alias, String password) {
		try {
			javax.crypto.KeyGenerator generator = javax.crypto.KeyGenerator.getInstance("AES");
			generator.init(256);
			store.setEntry(alias, new KeyStore.SecretKeyEntry(generator.generateKey()),
					new KeyStore.PasswordProtection(password.toCharArray()));
			return this;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private TestKeystores add(String alias, String type, int bits, String curve, String signatureAlgorithm) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
			if (curve != null) {
				generator.initialize(new ECGenParameterSpec(curve));
			}
			else {
				generator.initialize(bits);
			}
			KeyPair pair = generator.generateKeyPair();
			X500Name name = new X500Name("CN=" + alias);
			Instant now = Instant.now();
			var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now),
					Date.from(now.plus(Duration.ofDays(365))), name, pair.getPublic());
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(pair.getPrivate())));
			store.setKeyEntry(alias, pair.getPrivate(), PASSWORD_PLACEHOLDER, new X509Certificate[] { certificate });
			return this;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final char[] PASSWORD_PLACEHOLDER = "placeholder".toCharArray();

	/** Writes the keystore; every key entry is re-protected with the store password, as keytool does. */
	public Path writeTo(Path file, String password) {
		try {
			KeyStore copy = KeyStore.getInstance("PKCS12");
			copy.load(null, null);
			for (String alias : java.util.Collections.list(store.aliases())) {
				if (store.isKeyEntry(alias) && store.getCertificate(alias) != null) {
					copy.setKeyEntry(alias, store.getKey(alias, PASSWORD_PLACEHOLDER), password.toCharArray(),
							store.getCertificateChain(alias));
				}
				else {
					copy.setEntry(alias, store.getEntry(alias, new KeyStore.PasswordProtection(password.toCharArray())),
							new KeyStore.PasswordProtection(password.toCharArray()));
				}
			}
			Files.createDirectories(file.getParent());
			Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
			try (OutputStream out = Files.newOutputStream(temporary)) {
				copy.store(out, password.toCharArray());
			}
			Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			return file;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
