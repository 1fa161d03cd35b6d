package io.tokenmint.support;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;

/**
 * Verifies tokens with nimbus-jose-jwt, a different library from the jjwt that signs them, against the keys
 * tokenmint publishes, the way Document Engine or any other consumer would.
 */
public final class IndependentVerifier {

	private IndependentVerifier() {
	}

	/** The kid a token's header names, read by nimbus. */
	public static String kid(String token) {
		try {
			return SignedJWT.parse(token).getHeader().getKeyID();
		}
		catch (java.text.ParseException ex) {
			throw new AssertionError("not a JWT: " + ex.getMessage());
		}
	}

	/** Verifies against the JWK Set; returns the parsed token. */
	public static SignedJWT verifyWithJwks(String token, String jwksJson) {
		try {
			SignedJWT jwt = SignedJWT.parse(token);
			JWK jwk = JWKSet.parse(jwksJson).getKeyByKeyId(jwt.getHeader().getKeyID());
			if (jwk == null) {
				throw new AssertionError("JWKS has no key " + jwt.getHeader().getKeyID());
			}
			if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().getName().equals(jwt.getHeader().getAlgorithm().getName())) {
				throw new AssertionError("JWK alg " + jwk.getAlgorithm() + " differs from token alg " + jwt.getHeader().getAlgorithm());
			}
			JWSVerifier verifier = jwk instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) jwk);
			if (!jwt.verify(verifier)) {
				throw new AssertionError("signature does not verify against the JWKS");
			}
			return jwt;
		}
		catch (java.text.ParseException | com.nimbusds.jose.JOSEException ex) {
			throw new AssertionError(ex);
		}
	}

	/** Verifies against an SPKI PEM, as Document Engine's JWT_PUBLIC_KEY holds it. */
	public static SignedJWT verifyWithPem(String token, String pem) {
		try {
			SignedJWT jwt = SignedJWT.parse(token);
			PublicKey key = parsePem(pem, jwt.getHeader().getAlgorithm().getName().startsWith("RS") ? "RSA" : "EC");
			JWSVerifier verifier = key instanceof RSAPublicKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECPublicKey) key);
			if (!jwt.verify(verifier)) {
				throw new AssertionError("signature does not verify against the PEM");
			}
			return jwt;
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	public static PublicKey parsePem(String pem, String type) throws Exception {
		if (!pem.startsWith("-----BEGIN PUBLIC KEY-----\n") || !pem.endsWith("-----END PUBLIC KEY-----\n")) {
			throw new AssertionError("not an SPKI PEM: " + pem);
		}
		String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
		return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
	}

}
