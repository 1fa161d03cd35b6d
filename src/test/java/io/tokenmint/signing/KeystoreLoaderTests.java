package io.tokenmint.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;

import io.tokenmint.support.TestKeystores;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreLoaderTests {

	@TempDir
	Path dir;

	static SigningProperties properties(Path keystore, String password, boolean generate) {
		return new SigningProperties(SigningProperties.Provider.KEYSTORE, keystore, password, "PKCS12", null, generate, null,
				null, Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(2), true, null, Duration.ofSeconds(5), true, null);
	}

	@Test
	void generatesADevelopmentKeystoreOnceAndReusesIt() throws Exception {
		Path keystore = dir.resolve("keys/dev.p12");
		var first = new KeystoreLoader(properties(keystore, null, true)).load(java.util.Set.of(TokenAlgorithm.RS256));
		assertThat(first).singleElement().satisfies(key -> {
			assertThat(key.kid()).isEqualTo(DevelopmentKeystore.ALIAS);
			assertThat(key.description().bits()).isEqualTo(2048);
		});
		assertThat(Files.getPosixFilePermissions(keystore)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE);
		assertThat(Files.getPosixFilePermissions(dir.resolve("keys/dev.p12.password")))
			.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
		var second = new KeystoreLoader(properties(keystore, null, true)).load(java.util.Set.of(TokenAlgorithm.RS256));
		assertThat(second.get(0).publicKey()).isEqualTo(first.get(0).publicKey());
	}

	@Test
	void stopsWhenTheKeystoreIsMissingAndMayNotBeGenerated() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> new KeystoreLoader(properties(dir.resolve("none.p12"), "secret-password", false)).load(java.util.Set.of(TokenAlgorithm.RS256)))
			.withMessageContaining("does not exist")
			.withMessageContaining("generate-if-missing");
	}

	@Test
	void stopsOnAWrongPasswordWithoutPrintingIt() {
		Path keystore = TestKeystores.create().rsa("k1", 2048).writeTo(dir.resolve("k.p12"), "right-password");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> new KeystoreLoader(properties(keystore, "wrong-password", false)).load(java.util.Set.of(TokenAlgorithm.RS256)))
			.withMessageContaining("wrong password")
			.withMessageNotContaining("wrong-password")
			.withMessageNotContaining("right-password");
	}

	@Test
	void stopsWithoutAPasswordForAnOperatorsKeystore() {
		Path keystore = TestKeystores.create().rsa("k1", 2048).writeTo(dir.resolve("k.p12"), "right-password");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> new KeystoreLoader(properties(keystore, null, false)).load(java.util.Set.of(TokenAlgorithm.RS256)))
			.withMessageContaining("TOKENMINT_KEYSTORE_PASSWORD");
	}

	@Test
	void refusesRsaKeysUnder2048Bits() {
		Path keystore = TestKeystores.create().rsa("small", 1024).writeTo(dir.resolve("k.p12"), "pw-123456");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> new KeystoreLoader(properties(keystore, "pw-123456", false)).load(java.util.Set.of(TokenAlgorithm.RS256)))
			.withMessageContaining("alias 'small'")
			.withMessageContaining("1024 bits");
	}

	@Test
	void refusesCurvesNoAlgorithmUses() {
		Path keystore = TestKeystores.create().ec("p384", "secp384r1").writeTo(dir.resolve("k.p12"), "pw-123456");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> new KeystoreLoader(properties(keystore, "pw-123456", false)).load(java.util.Set.of(TokenAlgorithm.RS256)))
			.withMessageContaining("alias 'p384'")
			.withMessageContaining("P-384");
	}

	@Test
	void readsRsaAndEcKeysWithTheAlgorithmsTheyServe() {
		Path keystore = TestKeystores.create().rsa("rsa-1", 2048).ec("ec-256", "secp256r1").ec("ec-521", "secp521r1")
			.writeTo(dir.resolve("k.p12"), "pw-123456");
		var keys = new KeystoreLoader(properties(keystore, "pw-123456", false)).load(java.util.Set.of(TokenAlgorithm.RS256));
		assertThat(keys).extracting(SigningKey::kid).containsExactlyInAnyOrder("rsa-1", "ec-256", "ec-521");
		var byKid = keys.stream().collect(java.util.stream.Collectors.toMap(SigningKey::kid, key -> key.algorithms()));
		assertThat(byKid.get("rsa-1")).containsExactly(TokenAlgorithm.RS256, TokenAlgorithm.RS512);
		assertThat(byKid.get("ec-256")).containsExactly(TokenAlgorithm.ES256);
		assertThat(byKid.get("ec-521")).containsExactly(TokenAlgorithm.ES512);
	}

	@Test
	void picksTheAlphabeticallyFirstCapableKeyUnlessOneIsNamed() {
		Path keystore = TestKeystores.create().rsa("b-key", 2048).rsa("a-key", 2048).ec("0-ec", "secp256r1")
			.writeTo(dir.resolve("k.p12"), "pw-123456");
		var keys = new KeystoreLoader(properties(keystore, "pw-123456", false)).load(java.util.Set.of(TokenAlgorithm.RS256));
		assertThat(KeyRing.initialActive(keys, null, TokenAlgorithm.RS256).kid()).isEqualTo("a-key");
		assertThat(KeyRing.initialActive(keys, "b-key", TokenAlgorithm.RS256).kid()).isEqualTo("b-key");
		assertThat(KeyRing.initialActive(keys, "0-ec", TokenAlgorithm.RS256).kid()).as("the named key cannot serve RS256").isEqualTo("a-key");
		assertThat(KeyRing.initialActive(keys, null, TokenAlgorithm.ES256).kid()).isEqualTo("0-ec");
	}

	@Test
	void stopsWhenNoKeyCanServeAProfilesAlgorithm() {
		Path keystore = TestKeystores.create().ec("ec-256", "secp256r1").writeTo(dir.resolve("k.p12"), "pw-123456");
		var keys = new KeystoreLoader(properties(keystore, "pw-123456", false)).load(java.util.Set.of(TokenAlgorithm.RS256));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> KeyRing.initialActive(keys, null, TokenAlgorithm.RS256))
			.withMessageContaining("no key in the keystore can sign RS256");
	}


	@Test
	void givesAGeneratedDevelopmentKeystoreAKeyForEveryAlgorithmPutInUse() throws Exception {
		Path keystore = dir.resolve("keys/dev.p12");
		var loader = new KeystoreLoader(properties(keystore, null, true));
		assertThat(loader.load(java.util.Set.of(TokenAlgorithm.RS256))).extracting(SigningKey::kid).containsExactly(DevelopmentKeystore.ALIAS);
		// A profile switched to ES256 (and another to RS512) in development: the next start just works.
		var keys = new KeystoreLoader(properties(keystore, null, true)).load(java.util.Set.of(TokenAlgorithm.RS256, TokenAlgorithm.ES256,
				TokenAlgorithm.RS512));
		assertThat(keys).extracting(SigningKey::kid).containsExactlyInAnyOrder(DevelopmentKeystore.ALIAS, "tokenmint-dev-es256",
				"tokenmint-dev-rs512");
		assertThat(DevelopmentKeystore.algorithmOf("tokenmint-dev-rs512")).contains(TokenAlgorithm.RS512);
	}

	@Test
	void neverAddsKeysToAnOperatorsKeystore() throws Exception {
		Path keystore = TestKeystores.create().rsa("ops", 2048).writeTo(dir.resolve("keys/ops.p12"), "ops-password-1");
		var keys = new KeystoreLoader(properties(keystore, "ops-password-1", true)).load(java.util.Set.of(TokenAlgorithm.ES256));
		assertThat(keys).extracting(SigningKey::kid).containsExactly("ops");
	}

}
