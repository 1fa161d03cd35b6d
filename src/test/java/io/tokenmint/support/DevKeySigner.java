package io.tokenmint.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signs arbitrary tokens with the development key a test service generated, as an attacker with the key could. */
public final class DevKeySigner {

	private final PrivateKey devKey;

	public DevKeySigner(Path workDir) throws Exception {
		Path keystore = workDir.resolve("keys/tokenmint-dev.p12");
		char[] password = Files.readString(Path.of(keystore + ".password")).strip().toCharArray();
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (var in = Files.newInputStream(keystore)) {
			store.load(in, password);
		}
		devKey = (PrivateKey) store.getKey("tokenmint-dev-rsa", password);
	}

	public String sign(JWSHeader header, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(header, claims);
		jwt.sign(new RSASSASigner(devKey));
		return jwt.serialize();
	}

}
