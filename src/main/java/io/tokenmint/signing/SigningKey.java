package io.tokenmint.signing;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * One key from the keystore. The alias is the {@code kid} every token signed with it carries, so it
 * stays the same across restarts and replicas.
 */
public record SigningKey(String kid, PrivateKey privateKey, PublicKey publicKey, TokenAlgorithm.KeyDescription description,
		Instant certificateExpiry) {

	static SigningKey of(String alias, PrivateKey privateKey, X509Certificate certificate) {
		PublicKey publicKey = certificate.getPublicKey();
		return new SigningKey(alias, privateKey, publicKey, TokenAlgorithm.KeyDescription.of(publicKey),
				certificate.getNotAfter().toInstant());
	}

	/** The algorithms this key can sign with, in preference order; the first is the one its JWK names. */
	public List<TokenAlgorithm> algorithms() {
		return java.util.Arrays.stream(TokenAlgorithm.values()).filter(alg -> alg.canSignWith(description)).toList();
	}

	public boolean canSign(TokenAlgorithm algorithm) {
		return algorithm.canSignWith(description);
	}

	/** The public key as SPKI PEM, the form Document Engine's {@code JWT_PUBLIC_KEY} and secrets API take. */
	public String publicKeyPem() {
		return pem(publicKey);
	}

	static String pem(PublicKey key) {
		return "-----BEGIN PUBLIC KEY-----\n"
				+ java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
	}

	@Override
	public String toString() {
		return "SigningKey[kid=" + kid + ", " + description + "]";
	}

}
