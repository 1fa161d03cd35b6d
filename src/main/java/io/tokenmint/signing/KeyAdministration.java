package io.tokenmint.signing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.tokenmint.audit.AdminEvents;
import io.tokenmint.cluster.ClusterEvents;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rotation, made boring: a key is published, then activated once verifiers have had time to learn it,
 * then retired, staying published until every token it signed has expired.
 */
@Service
class KeyAdministration {

	private static final Logger log = LoggerFactory.getLogger(KeyAdministration.class);

	private final KeyRing keyRing;

	private final KeyStateRepository states;

	private final SigningProperties signing;

	private final AdminEvents events;

	private final TransactionTemplate transaction;

	private final Clock clock = Clock.systemUTC();

	private final ClusterEvents cluster;

	private final ObjectProvider<KeyDistribution> distribution;

	private final ManagedKeyRepository managedRows;

	private final ManagedKeys managedKeys;

	KeyAdministration(KeyRing keyRing, KeyStateRepository states, SigningProperties signing,
			AdminEvents events, PlatformTransactionManager transactions, ClusterEvents cluster, ObjectProvider<KeyDistribution> distribution,
			ManagedKeyRepository managedRows, ManagedKeys managedKeys) {
		this.managedKeys = managedKeys;
		this.cluster = cluster;
		this.distribution = distribution;
		this.managedRows = managedRows;
		this.events = events;
		this.transaction = new TransactionTemplate(transactions);
		this.keyRing = keyRing;
		this.states = states;
		this.signing = signing;
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
		KeyStateRecord row = existing(kid);
		refuseDedicated(kid);
		if (!keyRing.loaded().containsKey(kid)) {
			throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT, "Key " + kid + " is not in the keystore now.");
		}
		if (row.state() == KeyState.RETIRED) {
			throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT,
					"Key " + kid + " is retired; a retired key never signs again. Add a new key instead.");
		}
		Instant now = clock.instant();
		Duration published = Duration.between(row.firstPublishedAt(), now);
		if (!force && published.compareTo(signing.publishAhead()) < 0) {
			throw new ProblemException(ProblemCode.KEY_NOT_PUBLISHED_LONG_ENOUGH, "Key " + kid + " was published "
					+ published.toSeconds() + " s ago; verifiers caching the JWKS may not know it yet. Wait until "
					+ signing.publishAhead().toSeconds() + " s have passed, or pass force=true.");
		}
		KeyDistribution deliveries = distribution.getIfAvailable();
		if (!overrideConsumers && deliveries != null && !deliveries.confirmed(kid)) {
			throw new ProblemException(ProblemCode.KEY_NOT_DELIVERED, "Key " + kid + " has not been confirmed by every required consumer "
					+ "(GET /admin/keys shows which); its tokens would fail there. Wait, or pass override_consumers=true.");
		}
		transaction.executeWithoutResult(status -> {
			states.activate(kid, row.algorithm(), now);
			events.record("key.activated", kid, Map.of("before", row.state().name(), "after", KeyState.ACTIVE.name(), "algorithm",
					row.algorithm().name(), "forced", force, "override_consumers", overrideConsumers));
			cluster.publish(KeyRing.TOPIC, kid);
		});
		keyRing.synchronize();
		log.warn("Key {} is now active for {}{}", kid, row.algorithm(), force ? " (forced)" : "");
		return view(kid);
	}

	KeyView retire(String kid) {
		KeyStateRecord row = existing(kid);
		refuseDedicated(kid);
		if (row.state() == KeyState.ACTIVE) {
			throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT,
					"Key " + kid + " is active; activate another key for " + row.algorithm() + " first.");
		}
		if (row.state() == KeyState.PUBLISHED) {
			Instant now = clock.instant();
			Instant publishedUntil = now.plus(managedKeys.tokenTail());
			transaction.executeWithoutResult(status -> {
				states.retire(kid, now, publishedUntil);
				events.record("key.retired", kid, Map.of("before", row.state().name(), "after", KeyState.RETIRED.name(),
						"published_until", publishedUntil.toString()));
				cluster.publish(KeyRing.TOPIC, kid);
			});
			keyRing.synchronize();
			log.warn("Key {} retired; it stays in the JWKS until {}", kid, publishedUntil);
		}
		return view(kid);
	}

	/** A key bound to a profile is managed by the configuration that binds it, not by activation. */
	private void refuseDedicated(String kid) {
		if (keyRing.isDedicated(kid)) {
			throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT, "Key " + kid
					+ " is bound to a profile (key-id in its configuration); bind the profile to another key first.");
		}
	}

	private KeyView view(String kid) {
		return list().stream().filter(view -> view.kid().equals(kid)).findFirst().orElseThrow(() -> new UnknownKey(kid));
	}

	private KeyStateRecord existing(String kid) {
		KeyStateRecord row = states.findAll().get(kid);
		if (row == null) {
			throw new UnknownKey(kid);
		}
		return row;
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
