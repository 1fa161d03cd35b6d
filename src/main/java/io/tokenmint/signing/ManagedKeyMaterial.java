package io.tokenmint.signing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** Makes managed key pairs, wraps them for the database, and turns stored rows back into signing keys. */
final class ManagedKeyMaterial {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final DateTimeFormatter KID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

	private ManagedKeyMaterial() {
	}

	/** A kid that says what the key is and when it was made, and cannot collide across replicas. */
	static String newKid(TokenAlgorithm algorithm, Instant now) {
		byte[] suffix = new byte[4];
		RANDOM.nextBytes(suffix);
		return algorithm.name().toLowerCase(java.util.Locale.ROOT) + "-" + KID_TIME.format(now) + "-" + HexFormat.of().formatHex(suffix);
	}

	/** @param rsaBits 2048 or 3072, for the RS algorithms; EC keys take their algorithm's curve */
	static KeyPair generate(TokenAlgorithm algorithm, int rsaBits) throws GeneralSecurityException {
		boolean rsa = algorithm.name().startsWith("RS");
		KeyPairGenerator generator = KeyPairGenerator.getInstance(rsa ? "RSA" : "EC");
		if (rsa) {
			generator.initialize(rsaBits, RANDOM);
		}
		else {
			generator.initialize(new ECGenParameterSpec(algorithm == TokenAlgorithm.ES256 ? "secp256r1" : "secp521r1"), RANDOM);
		}
		return generator.generateKeyPair();
	}

	static ManagedKeyRecord wrap(String kid, TokenAlgorithm algorithm, KeyPair pair, KeyEncryptionKey kek, Instant now,
			Instant activateAt) {
		byte[] encoded = pair.getPrivate().getEncoded();
		try {
			String wrapped = Base64.getEncoder().encodeToString(kek.seal(encoded));
			return new ManagedKeyRecord(kid, algorithm, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()), wrapped,
					kek.alias(), now, activateAt, null);
		}
		finally {
			Arrays.fill(encoded, (byte) 0);
		}
	}

	static PublicKey publicKey(ManagedKeyRecord row) throws GeneralSecurityException {
		return KeyFactory.getInstance(keyType(row.algorithm())).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(row.publicKey())));
	}

	/**
	 * Unwraps a stored key and checks that its private part belongs to its public part: a row edited in the
	 * database cannot make tokenmint publish one key and sign with another.
	 */
	static SigningKey unwrap(ManagedKeyRecord row, KeyEncryptionKey kek) throws GeneralSecurityException {
		if (row.wrappedPrivate() == null) {
			throw new GeneralSecurityException("managed key " + row.kid() + " was destroyed");
		}
		byte[] encoded = kek.open(Base64.getDecoder().decode(row.wrappedPrivate()));
		try {
			PublicKey publicKey = publicKey(row);
			PrivateKey privateKey = KeyFactory.getInstance(keyType(row.algorithm())).generatePrivate(new PKCS8EncodedKeySpec(encoded));
			String signature = keyType(row.algorithm()).equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
			byte[] challenge = new byte[32];
			RANDOM.nextBytes(challenge);
			Signature signer = Signature.getInstance(signature);
			signer.initSign(privateKey);
			signer.update(challenge);
			byte[] signed = signer.sign();
			Signature verifier = Signature.getInstance(signature);
			verifier.initVerify(publicKey);
			verifier.update(challenge);
			if (!verifier.verify(signed)) {
				throw new GeneralSecurityException("managed key " + row.kid() + ": its private part does not match its public part");
			}
			return new SigningKey(row.kid(), privateKey, publicKey, TokenAlgorithm.KeyDescription.of(publicKey), null);
		}
		finally {
			Arrays.fill(encoded, (byte) 0);
		}
	}

	private static String keyType(TokenAlgorithm algorithm) {
		return algorithm.name().startsWith("RS") ? "RSA" : "EC";
	}

}
