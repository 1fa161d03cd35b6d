package io.tokenmint.signing;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The keys loaded from the keystore and which one signs for each algorithm. Every loaded key is published;
 * the active key of an algorithm is {@code tokenmint.signing.initial-key} when it can serve it, else the
 * alphabetically first key that can, so that all replicas reading the same keystore agree.
 */
@Component
public class KeyRing {

	private static final Logger log = LoggerFactory.getLogger(KeyRing.class);

	private final Map<String, SigningKey> keysByKid;

	private final Map<TokenAlgorithm, SigningKey> activeKeys = new EnumMap<>(TokenAlgorithm.class);

	private final Map<String, TokenAlgorithm> publishedAlgorithms = new LinkedHashMap<>();

	private final TokenAlgorithm primary;

	@Autowired
	public KeyRing(SigningProperties properties, AlgorithmsInUse algorithmsInUse) {
		this(new KeystoreLoader(properties).load(), properties.initialKey(), algorithmsInUse);
	}

	KeyRing(List<SigningKey> keys, String initialKey, AlgorithmsInUse algorithmsInUse) {
		Map<String, SigningKey> byKid = new LinkedHashMap<>();
		keys.stream().sorted(Comparator.comparing(SigningKey::kid)).forEach(key -> byKid.put(key.kid(), key));
		this.keysByKid = java.util.Collections.unmodifiableMap(byKid);
		this.primary = algorithmsInUse.primary();
		boolean hasInitialKey = initialKey != null && !initialKey.isBlank();
		if (hasInitialKey && !byKid.containsKey(initialKey)) {
			throw new KeystoreLoader.KeystoreProblem("tokenmint.signing.initial-key '" + initialKey
					+ "' is not an alias in the keystore (aliases: " + byKid.keySet() + ")");
		}
		for (TokenAlgorithm algorithm : algorithmsInUse.algorithms()) {
			SigningKey active = hasInitialKey && byKid.get(initialKey).canSign(algorithm) ? byKid.get(initialKey)
					: byKid.values().stream().filter(key -> key.canSign(algorithm)).findFirst()
						.orElseThrow(() -> new KeystoreLoader.KeystoreProblem("no key in the keystore can sign "
								+ algorithm + " (keys: " + byKid.values() + "); add an "
								+ (algorithm.name().startsWith("RS") ? "RSA key of 2048 bits or more"
										: algorithm == TokenAlgorithm.ES256 ? "EC P-256 key" : "EC P-521 key")));
			activeKeys.put(algorithm, active);
			log.info("Signing {} with key {} ({})", algorithm, active.kid(), active.description());
		}
		for (SigningKey key : byKid.values()) {
			TokenAlgorithm published = algorithmsInUse.algorithms().stream().filter(key::canSign).sorted().findFirst()
				.orElse(key.algorithms().get(0));
			publishedAlgorithms.put(key.kid(), published);
		}
	}

	/** The key that signs tokens of this algorithm. */
	public SigningKey activeKey(TokenAlgorithm algorithm) {
		SigningKey key = activeKeys.get(algorithm);
		if (key == null) {
			throw new IllegalStateException("no active key for " + algorithm + "; no profile declared it");
		}
		return key;
	}

	/** The active key of the default profile's algorithm. */
	public SigningKey currentKey() {
		return activeKey(primary);
	}

	public Optional<SigningKey> find(String kid) {
		return Optional.ofNullable(keysByKid.get(kid));
	}

	/** Every key verifiers should trust, in kid order. */
	public List<SigningKey> published() {
		return List.copyOf(keysByKid.values());
	}

	/** The algorithm a published key's JWK names. */
	public TokenAlgorithm publishedAlgorithm(SigningKey key) {
		return publishedAlgorithms.get(key.kid());
	}

}
