package io.tokenmint.signing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The keys as operators see them, and their activation and retirement by hand, which go through the
 * {@link KeyLifecycle} like every other step: a key is published, then activated once verifiers have had time
 * to learn it, then retired, staying published until every token it signed has expired.
 */
@Service
class KeyAdministration {

	private final KeyRing keyRing;

	private final KeyStateRepository states;

	private final ObjectProvider<KeyDistribution> distribution;

	private final ManagedKeyRepository managedRows;

	private final KeyLifecycle lifecycle;

	KeyAdministration(KeyRing keyRing, KeyStateRepository states, ObjectProvider<KeyDistribution> distribution,
			ManagedKeyRepository managedRows, KeyLifecycle lifecycle) {
		this.lifecycle = lifecycle;
		this.distribution = distribution;
		this.managedRows = managedRows;
		this.keyRing = keyRing;
		this.states = states;
	}

	List<KeyView> list() {
		Map<String, KeyStateRecord> rows = states.findAll();
		Map<String, SigningKey> loaded = keyRing.loaded();
		Map<String, ManagedKeyRecord> managed = new java.util.HashMap<>();
		managedRows.findAll().forEach(row -> managed.put(row.kid(), row));
		KeyDistribution deliveries = distribution.getIfAvailable();
		Map<String, List<KeyDistribution.Delivery>> byKid = deliveries == null ? Map.of() : deliveries.deliveries();
		List<KeyView> views = new ArrayList<>();
		for (String kid : new TreeSet<>(union(rows.keySet(), loaded.keySet()))) {
			views.add(KeyView.of(kid, loaded.get(kid), rows.get(kid), fingerprint(loaded.get(kid)), managed.get(kid),
					byKid.getOrDefault(kid, List.of())));
		}
		return views;
	}

	KeyView activate(String kid, boolean force, boolean overrideConsumers) {
		lifecycle.activateByOperator(kid, force, overrideConsumers);
		return view(kid);
	}

	KeyView retire(String kid) {
		lifecycle.retireByOperator(kid);
		return view(kid);
	}

	private KeyView view(String kid) {
		return list().stream().filter(view -> view.kid().equals(kid)).findFirst().orElseThrow(() -> new UnknownKey(kid));
	}

	private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
		java.util.Set<String> union = new java.util.HashSet<>(a);
		union.addAll(b);
		return union;
	}

	static String fingerprint(SigningKey key) {
		if (key == null) {
			return null;
		}
		try {
			return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-256").digest(key.publicKey().getEncoded()));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

}
