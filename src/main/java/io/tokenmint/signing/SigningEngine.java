package io.tokenmint.signing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * Which JCA provider computes signatures: Amazon Corretto Crypto Provider (native AWS-LC, about twice the
 * JDK's RSA rate) where its library loads and {@code tokenmint.signing.accp} is on, else the JDK's own. ACCP is
 * handed to jjwt for signing only, never installed JVM-wide; keys stay in the keystore, and keys in a PKCS#11
 * token always sign in the token.
 */
@Component
class SigningEngine implements InfoContributor {

	private static final Logger log = LoggerFactory.getLogger(SigningEngine.class);

	private final Provider provider;

	private final String description;

	public SigningEngine(SigningProperties properties) {
		Provider chosen = null;
		String why;
		if (properties.provider() == SigningProperties.Provider.PKCS11) {
			why = "PKCS#11 token (keys sign inside it)";
		}
		else if (!properties.accp()) {
			why = "JDK providers (tokenmint.signing.accp=false)";
		}
		else {
			chosen = loadAccp();
			why = chosen != null ? "Amazon Corretto Crypto Provider " + chosen.getVersionStr() : "JDK providers (ACCP did not load here)";
		}
		this.provider = chosen;
		this.description = why;
		log.info("Signing engine: {}", why);
	}

	private static Provider loadAccp() {
		try {
			var accp = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
			if (accp.getLoadingError() != null) {
				log.info("Amazon Corretto Crypto Provider is not available on this platform: {}", accp.getLoadingError().toString());
				return null;
			}
			accp.assertHealthy();
			return accp;
		}
		catch (LinkageError | RuntimeException ex) {
			log.info("Amazon Corretto Crypto Provider is not available on this platform: {}", ex.toString());
			return null;
		}
	}

	/**
	 * The key as the engine signs fastest with it. ACCP would otherwise import a JDK key object into its
	 * native form on every signature, which costs about as much as the signature itself.
	 */
	SigningKey prepare(SigningKey key) {
		if (provider == null) {
			return key;
		}
		try {
			PrivateKey nativeKey = (PrivateKey) KeyFactory.getInstance(key.privateKey().getAlgorithm(), provider)
				.translateKey(key.privateKey());
			return new SigningKey(key.kid(), nativeKey, key.publicKey(), key.description(), key.certificateExpiry());
		}
		catch (GeneralSecurityException ex) {
			log.warn("Key {} stays a JDK key for signing: {}", key.kid(), ex.toString());
			return key;
		}
	}

	/** The provider for jjwt's signing, or {@code null} for the JDK's default choice. */
	Provider provider() {
		return provider;
	}

	public String description() {
		return description;
	}

	@Override
	public void contribute(Info.Builder builder) {
		builder.withDetail("signing", Map.of("engine", description));
	}

}
