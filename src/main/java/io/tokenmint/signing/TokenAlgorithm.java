package io.tokenmint.signing;

import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureAlgorithm;

/**
 * The JWS algorithms tokenmint signs with: the asymmetric ones Nutrient Document Engine accepts
 * (RS256, RS512, ES256, ES512; see nutrient.io/guides/document-engine/viewer/client-authentication).
 * Symmetric algorithms are deliberately absent: a verifier would need our secret.
 */
public enum TokenAlgorithm {

	RS256(Jwts.SIG.RS256), RS512(Jwts.SIG.RS512), ES256(Jwts.SIG.ES256), ES512(Jwts.SIG.ES512);

	private final SignatureAlgorithm jjwt;

	TokenAlgorithm(SignatureAlgorithm jjwt) {
		this.jjwt = jjwt;
	}

	SignatureAlgorithm jjwt() {
		return jjwt;
	}

	/** Whether a key of this type and size can sign with this algorithm. */
	public boolean canSignWith(KeyDescription key) {
		return switch (this) {
			case RS256, RS512 -> key.type().equals("RSA");
			case ES256 -> key.type().equals("EC") && key.curve().equals("P-256");
			case ES512 -> key.type().equals("EC") && key.curve().equals("P-521");
		};
	}

	/** Parses a header or configuration value; empty when it is not one we sign with. */
	public static java.util.Optional<TokenAlgorithm> fromName(String name) {
		for (TokenAlgorithm alg : values()) {
			if (alg.name().equals(name)) {
				return java.util.Optional.of(alg);
			}
		}
		return java.util.Optional.empty();
	}

	/** Type, size and curve of a public key, as {@code GET /admin/keys} and the checks at load time see it. */
	public record KeyDescription(String type, int bits, String curve) {

		public static KeyDescription of(java.security.PublicKey key) {
			if (key instanceof RSAKey rsa) {
				return new KeyDescription("RSA", rsa.getModulus().bitLength(), "");
			}
			if (key instanceof ECKey ec) {
				int bits = ec.getParams().getOrder().bitLength();
				String curve = switch (bits) {
					case 256 -> "P-256";
					case 384 -> "P-384";
					case 521 -> "P-521";
					default -> "unknown";
				};
				return new KeyDescription("EC", bits, curve);
			}
			return new KeyDescription(key.getAlgorithm(), 0, "");
		}

	}

}
