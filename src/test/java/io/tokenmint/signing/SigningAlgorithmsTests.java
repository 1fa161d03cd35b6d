package io.tokenmint.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;

import io.tokenmint.support.TestKeystores;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every algorithm Document Engine accepts, signed by jjwt (on ACCP and on the JDK) and verified by nimbus-jose-jwt. */
class SigningAlgorithmsTests {

	@TempDir
	static Path dir;

	@ParameterizedTest(name = "{0} with ACCP {2}")
	@CsvSource({ "RS256,rsa,true", "RS512,rsa,true", "ES256,ec-256,true", "ES512,ec-521,true", "RS256,rsa,false",
			"RS512,rsa,false", "ES256,ec-256,false", "ES512,ec-521,false" })
	void signsTokensAnotherLibraryVerifies(TokenAlgorithm algorithm, String kid, boolean accp) throws Exception {
		Path keystore = TestKeystores.create().rsa("rsa", 2048).ec("ec-256", "secp256r1").ec("ec-521", "secp521r1")
			.writeTo(dir.resolve(algorithm + ".p12"), "pw-123456");
		SigningKey key = new KeystoreLoader(KeystoreLoaderTests.properties(keystore, "pw-123456", false)).load(java.util.Set.of(TokenAlgorithm.RS256)).stream()
			.filter(k -> k.kid().equals(kid)).findFirst().orElseThrow();
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		var engine = new SigningEngine(KeystoreLoaderTests.properties(keystore, "pw-123456", false));
		var signed = TokenSigner.sign(accp ? engine.prepare(key) : key, algorithm,
				new TokenSigner.UnsignedToken("jti-1", now, now.plusSeconds(60), "https://issuer.test", Map.of("document_id", "d")),
				accp ? engine.provider() : null);

		SignedJWT jwt = SignedJWT.parse(signed.compact());
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(algorithm.name());
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(kid);
		JWSVerifier verifier = key.publicKey() instanceof java.security.interfaces.RSAPublicKey rsa ? new RSASSAVerifier(rsa)
				: new ECDSAVerifier((java.security.interfaces.ECPublicKey) key.publicKey());
		assertThat(jwt.verify(verifier)).isTrue();
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("https://issuer.test");
		assertThat(jwt.getJWTClaimsSet().getStringClaim("document_id")).isEqualTo("d");
	}

	@Test
	void usesAccpWhereItLoadsUnlessTurnedOff() {
		var on = new SigningEngine(KeystoreLoaderTests.properties(dir.resolve("x.p12"), "pw", false));
		boolean linuxX64 = System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64");
		if (linuxX64) {
			assertThat(on.provider()).isNotNull();
			assertThat(on.description()).startsWith("Amazon Corretto Crypto Provider");
		}
		var properties = KeystoreLoaderTests.properties(dir.resolve("x.p12"), "pw", false);
		var off = new SigningEngine(new SigningProperties(properties.provider(), properties.keystore(), "pw", "PKCS12", null, false,
				null, null, properties.publishAhead(), properties.reloadInterval(), properties.stateRefresh(), false, null, properties.lockWait(), true, null));
		assertThat(off.provider()).isNull();
		assertThat(off.description()).contains("accp=false");
	}

}
