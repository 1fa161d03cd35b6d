package io.tokenmint.signing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.tokenmint.cluster.ClusterEvents;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The signing keys and which one signs for each algorithm. Key material comes from the keystore (or the
 * PKCS#11 token) and is reloaded when the file changes; key states come from the database and are re-read
 * every {@code tokenmint.signing.state-refresh}. The hot path only reads an immutable snapshot.
 */
@Component
public class KeyRing implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(KeyRing.class);

	/** Key-state changes on the cluster's channel. */
	static final String TOPIC = "key";

	private final KeystoreLoader loader;

	private final KeyStateRepository states;

	private final SigningProperties properties;

	private final AlgorithmsInUse algorithmsInUse;

	private final TaskScheduler scheduler;

	private final SigningEngine engine;

	private final Map<String, List<String>> profilesSharingAKey;

	/** Profiles that sign from a line of managed keys of their own, by name. */
	private final Map<String, KeyLine> ownLines;

	/** Every line that has, or will have, an active key: each algorithm's shared line, and the profiles' own. */
	private final Set<KeyLine> lines;

	private final Clock clock;

	private volatile Map<String, SigningKey> loaded;

	private volatile String loadedFingerprint;

	private volatile Snapshot snapshot = Snapshot.EMPTY;

	private volatile ReloadStatus lastReload;

	private final ClusterEvents cluster;

	private final ManagedKeyRepository managedRows;

	private final KeyEncryptionKey kek;

	private volatile Set<String> unreadable = Set.of();

	/** Managed keys unwrapped so far, by kid; a key is unwrapped once per replica. */
	private volatile Map<String, SigningKey> managed = Map.of();

	KeyRing(SigningProperties properties, AlgorithmsInUse algorithmsInUse, KeyStateRepository states, TaskScheduler scheduler,
			SigningEngine engine, ClusterEvents cluster, ManagedKeyRepository managedRows, Clock clock) {
		this.clock = clock;
		this.cluster = cluster;
		this.managedRows = managedRows;
		this.engine = engine;
		this.properties = properties;
		this.algorithmsInUse = algorithmsInUse;
		this.ownLines = ownLines(properties, algorithmsInUse);
		Set<KeyLine> all = new java.util.LinkedHashSet<>();
		algorithmsInUse.algorithms().stream().sorted().forEach(algorithm -> all.add(KeyLine.shared(algorithm)));
		all.addAll(ownLines.values());
		this.lines = java.util.Collections.unmodifiableSet(all);
		this.profilesSharingAKey = profilesSharingAKey(algorithmsInUse, ownLines);
		this.states = states;
		this.scheduler = scheduler;
		this.loader = new KeystoreLoader(properties);
		this.loadedFingerprint = loader.isFile() ? null : "";
		this.loaded = checked(loader.load(algorithmsInUse.algorithms()));
		if (loader.isFile()) {
			this.loadedFingerprint = loader.fingerprint();
		}
		this.lastReload = new ReloadStatus(clock.instant(), true, loaded.size() + " keys loaded");
		this.kek = properties.managesKeys() ? loader.keyEncryptionKey(algorithmsInUse.algorithms()) : null;
	}

	/** The key-encryption key, or {@code null} when tokenmint keeps no keys of its own. */
	KeyEncryptionKey kek() {
		return kek;
	}

	/**
	 * Unwraps managed keys not seen before and drops destroyed ones. A key that will not unwrap stops this
	 * (and, at start-up, the start): signing on with a key set the operator did not intend is worse. Unless the
	 * operator, having lost the key-encryption key, named the key to destroy: then it is left out and listed in
	 * {@link #unreadable()} for {@link KeyLifecycle#destroyUnreadable} to retire, withdraw and destroy.
	 */
	private Map<String, SigningKey> loadManaged() {
		List<ManagedKeyRecord> rows = managedRows.findAll().stream().filter(row -> row.destroyedAt() == null).toList();
		if (rows.isEmpty()) {
			return Map.of();
		}
		if (kek == null && !rows.stream().allMatch(row -> properties.destroyUnreadableKeys().contains(row.kid()))) {
			throw new KeystoreLoader.KeystoreProblem("the database holds managed keys " + rows.stream().map(ManagedKeyRecord::kid).toList()
					+ " but tokenmint.signing.kek-alias is not set, so they cannot be unwrapped; set it to the key-encryption key they were wrapped under");
		}
		Map<String, SigningKey> known = managed;
		Map<String, SigningKey> now = new LinkedHashMap<>();
		Set<String> cannot = new java.util.TreeSet<>();
		for (ManagedKeyRecord row : rows) {
			SigningKey key = known.get(row.kid());
			if (key == null) {
				try {
					if (kek == null) {
						throw new java.security.GeneralSecurityException("no key-encryption key is configured");
					}
					key = engine.prepare(ManagedKeyMaterial.unwrap(row, kek));
				}
				catch (java.security.GeneralSecurityException ex) {
					String problem = "managed key " + row.kid() + " (wrapped under '" + row.kekAlias() + "') cannot be unwrapped with "
							+ (kek == null ? "no key-encryption key" : "key-encryption key '" + kek.alias() + "'") + ": " + ex.getMessage();
					if (!properties.destroyUnreadableKeys().contains(row.kid())) {
						throw new KeystoreLoader.KeystoreProblem(problem + ". Nothing was changed; start with the key-encryption key it was "
								+ "wrapped under (or, if that key is lost, see docs/operations.md, \"Losing the key-encryption key\").", ex);
					}
					log.error("{}; tokenmint.signing.destroy-unreadable-keys names it, so it is retired, withdrawn and destroyed", problem);
					cannot.add(row.kid());
					continue;
				}
			}
			now.put(row.kid(), key);
		}
		unreadable = Set.copyOf(cannot);
		return Map.copyOf(now);
	}

	/** Managed keys that could not be unwrapped and that the operator named to destroy; empty otherwise. */
	Set<String> unreadable() {
		return unreadable;
	}

	/** Keystore keys and managed keys together; a keystore alias wins over a managed kid of the same name. */
	private Map<String, SigningKey> all() {
		Map<String, SigningKey> all = new java.util.TreeMap<>(managed);
		all.putAll(loaded);
		return all;
	}

	private Map<String, SigningKey> checked(List<SigningKey> keys) {
		Map<String, SigningKey> byKid = new LinkedHashMap<>();
		keys.stream().sorted(Comparator.comparing(SigningKey::kid)).forEach(key -> byKid.put(key.kid(), engine.prepare(key)));
		properties.algorithms().forEach((kid, algorithm) -> {
			SigningKey key = byKid.get(kid);
			if (key != null && !key.canSign(algorithm)) {
				throw new KeystoreLoader.KeystoreProblem("tokenmint.signing.algorithms." + kid + "=" + algorithm
						+ " but that key is " + key.description().type() + " " + key.description().curve());
			}
		});
		if (properties.initialKey() != null && !properties.initialKey().isBlank() && !byKid.containsKey(properties.initialKey())) {
			throw new KeystoreLoader.KeystoreProblem("tokenmint.signing.initial-key '" + properties.initialKey()
					+ "' is not an alias in the keystore (aliases: " + byKid.keySet() + ")");
		}
		algorithmsInUse.dedicatedKeys().forEach((kid, algorithm) -> {
			SigningKey key = byKid.get(kid);
			if (key == null || !key.canSign(algorithm)) {
				throw new KeystoreLoader.KeystoreProblem("a profile is bound to key '" + kid + "' for " + algorithm
						+ ", but the keystore has no such key that can sign it (aliases: " + byKid.keySet() + ")");
			}
		});
		for (TokenAlgorithm algorithm : algorithmsInUse.algorithms()) {
			initialActive(shared(byKid.values()), properties.initialKey(), algorithm);
		}
		return byKid;
	}

	/** Keys that may become the active key of an algorithm: all but those bound to one profile. */
	private List<SigningKey> shared(Collection<SigningKey> keys) {
		return keys.stream().filter(key -> !algorithmsInUse.dedicatedKeys().containsKey(key.kid())).toList();
	}

	/**
	 * The key that becomes active for an algorithm on first start: the configured initial key when it can
	 * serve the algorithm, else the alphabetically first key that can, so that replicas agree.
	 */
	static SigningKey initialActive(Collection<SigningKey> keys, String initialKey, TokenAlgorithm algorithm) {
		return keys.stream()
			.filter(key -> key.canSign(algorithm))
			.min(Comparator.comparing((SigningKey key) -> !key.kid().equals(initialKey)).thenComparing(SigningKey::kid))
			.orElseThrow(() -> new KeystoreLoader.KeystoreProblem("no key in the keystore can sign " + algorithm + " (keys: "
					+ keys + "); add an " + (algorithm.name().startsWith("RS") ? "RSA key of 2048 bits or more"
							: algorithm == TokenAlgorithm.ES256 ? "EC P-256 key" : "EC P-521 key")));
	}

	@Override
	public void afterSingletonsInstantiated() {
		synchronize();
		profilesSharingAKey().forEach((key, profiles) -> log.warn("Profiles {} all sign with {}: a token issued for one is a valid token "
				+ "for the others at any consumer that does not check the audience (MoEngage and Braze do not). Give each its own key "
				+ "(tokenmint.profiles.<name>.key-id) unless they are meant to stand in for each other; see docs/keys.md", profiles, key));
		// An activation or retirement on another replica: follow it at once, not at the next refresh.
		cluster.subscribe(TOPIC, kid -> refreshQuietly(), this::refreshQuietly);
		scheduler.scheduleWithFixedDelay(this::refreshQuietly, Instant.now().plus(properties.stateRefresh()),
				properties.stateRefresh());
		if (loader.isFile()) {
			scheduler.scheduleWithFixedDelay(this::reloadIfChanged, Instant.now().plus(properties.reloadInterval()),
					properties.reloadInterval());
		}
	}

	/** Records newly seen keys, activates a first key where an algorithm never had one, and rebuilds the snapshot. */
	synchronized void synchronize() {
		Instant now = clock.instant();
		// States first: a managed key's row commits with its state, so every state read here has its key below.
		// The other order could see another replica's new key as active before loading it, and sign with nothing.
		Map<String, KeyStateRecord> rows = states.findAll();
		managed = loadManaged();
		boolean changed = false;
		for (SigningKey key : loaded.values()) {
			if (!rows.containsKey(key.kid())) {
				states.insertPublished(key.kid(), KeyLine.shared(algorithmFor(key)), now);
				log.info("Published new key {} ({})", key.kid(), key.description());
				changed = true;
			}
		}
		if (changed) {
			rows = states.findAll();
		}
		for (TokenAlgorithm algorithm : algorithmsInUse.algorithms()) {
			Map<String, KeyStateRecord> known = rows;
			boolean everActivated = known.values().stream()
				.anyMatch(row -> row.line().equals(KeyLine.shared(algorithm)) && (row.state() == KeyState.ACTIVE || row.activatedAt() != null));
			if (!everActivated) {
				SigningKey first = initialActive(shared(loaded.values()).stream()
					.filter(key -> known.get(key.kid()) != null && known.get(key.kid()).algorithm() == algorithm)
					.toList(), properties.initialKey(), algorithm);
				states.activateFirst(first.kid(), algorithm, now);
				log.info("First start for {}: activated key {}", algorithm, first.kid());
				changed = true;
			}
		}
		if (changed) {
			rows = states.findAll();
		}
		snapshot = Snapshot.build(all(), rows, now, algorithmsInUse, lines);
		algorithmsInUse.dedicatedKeys().keySet().stream().filter(kid -> find(kid).isEmpty()).forEach(kid -> log
			.error("Key {} is bound to a profile but not published: that profile's tokens are refused", kid));
		for (TokenAlgorithm algorithm : algorithmsInUse.algorithms()) {
			if (!snapshot.active().containsKey(KeyLine.shared(algorithm))) {
				log.error("No loaded key is active for {}: tokens of this algorithm are refused until one is activated", algorithm);
			}
		}
	}

	private TokenAlgorithm algorithmFor(SigningKey key) {
		TokenAlgorithm dedicated = algorithmsInUse.dedicatedKeys().get(key.kid());
		if (dedicated != null) {
			return dedicated;
		}
		TokenAlgorithm configured = properties.algorithms().get(key.kid());
		if (configured != null) {
			return configured;
		}
		var development = DevelopmentKeystore.algorithmOf(key.kid()).filter(key::canSign);
		if (development.isPresent()) {
			return development.get();
		}
		return algorithmsInUse.algorithms().stream().filter(key::canSign).sorted().findFirst().orElse(key.algorithms().get(0));
	}

	private void refreshQuietly() {
		try {
			synchronize();
		}
		catch (RuntimeException ex) {
			log.warn("Cannot refresh key states ({}); keeping the last known ones", ex.getClass().getSimpleName());
		}
	}

	/** Reloads the keystore file when its content changed. A failed reload keeps the keys loaded. */
	void reloadIfChanged() {
		String fingerprint = loader.fingerprint();
		if (fingerprint == null || fingerprint.equals(loadedFingerprint)) {
			return;
		}
		loadedFingerprint = fingerprint;
		try {
			Map<String, SigningKey> reloaded = checked(loader.load(algorithmsInUse.algorithms()));
			for (SigningKey active : snapshot.active().values()) {
				if (!reloaded.containsKey(active.kid()) && !managed.containsKey(active.kid())) {
					throw new KeystoreLoader.KeystoreProblem("the new keystore lacks the active key " + active.kid()
							+ "; activate another key before removing it");
				}
			}
			loaded = reloaded;
			synchronize();
			lastReload = new ReloadStatus(clock.instant(), true, reloaded.size() + " keys loaded");
			log.info("Reloaded keystore {}: keys {}", properties.keystore(), reloaded.keySet());
		}
		catch (RuntimeException ex) {
			lastReload = new ReloadStatus(clock.instant(), false, ex.getMessage());
			log.error("Keystore reload failed, keeping the {} keys already loaded: {}", loaded.size(), ex.getMessage());
		}
	}

	/** The key that signs tokens of this algorithm for profiles without a line of their own. */
	public SigningKey activeKey(TokenAlgorithm algorithm) {
		SigningKey key = snapshot.active().get(KeyLine.shared(algorithm));
		if (key == null) {
			throw new NoActiveKey(algorithm);
		}
		return key;
	}

	/**
	 * The key that signs a profile's tokens, for a profile not bound to a keystore key: the active key of its own
	 * line, or, until that line's first key signs (published ahead and delivered first), the shared one.
	 */
	public SigningKey signingKey(String profile, TokenAlgorithm algorithm) {
		KeyLine own = ownLines.get(profile);
		if (own != null) {
			SigningKey key = snapshot.active().get(own);
			if (key != null) {
				return key;
			}
		}
		return activeKey(algorithm);
	}

	/** Every line of keys: each algorithm's shared line, then the profiles' own, each with one key that signs. */
	public Set<KeyLine> lines() {
		return lines;
	}

	/** A key bound to one profile: it signs while it is published and not retired. */
	public SigningKey dedicatedKey(String kid) {
		KeyStateRecord row = snapshot.states().get(kid);
		return find(kid).filter(key -> row != null && row.state() != KeyState.RETIRED).orElseThrow(() -> new ProblemException(
				ProblemCode.NO_ACTIVE_KEY, "The key this profile is bound to is not published; an operator must fix the keystore."));
	}

	/** The profile whose own line a key belongs to, if it belongs to one. */
	public Optional<String> profileOf(String kid) {
		KeyStateRecord row = snapshot.states().get(kid);
		return row == null ? Optional.empty() : Optional.ofNullable(row.profile());
	}

	/** Whether this key is bound to one profile. */
	public boolean isDedicated(String kid) {
		return algorithmsInUse.dedicatedKeys().containsKey(kid);
	}

	/** The key a profile signs with now: its own, or its algorithm's active key. */
	public SigningKey keyFor(String profile) {
		AlgorithmsInUse.ProfileKey binding = algorithmsInUse.profileKeys().get(profile);
		if (binding == null) {
			// Anyone may ask: the answer names neither what was asked nor the profiles there are.
			throw new ProblemException(ProblemCode.NOT_FOUND, "No profile by that name.");
		}
		return binding.kid() != null ? dedicatedKey(binding.kid()) : signingKey(profile, binding.algorithm());
	}

	/**
	 * Profiles that sign with the same key, each group named by that key. A token of one is then a valid token
	 * of the other wherever the consumer does not check {@code aud} (MoEngage and Braze do not).
	 */
	public Map<String, List<String>> profilesSharingAKey() {
		return profilesSharingAKey;
	}

	/** The profiles' bindings are configuration, so the groups are worked out once. A line of its own is shared with nobody. */
	private static Map<String, List<String>> profilesSharingAKey(AlgorithmsInUse algorithmsInUse, Map<String, KeyLine> ownLines) {
		Map<String, List<String>> byKey = new java.util.TreeMap<>();
		algorithmsInUse.profileKeys().forEach((profile, key) -> {
			if (!ownLines.containsKey(profile)) {
				byKey.computeIfAbsent(key.describe(), k -> new ArrayList<>()).add(profile);
			}
		});
		byKey.values().removeIf(profiles -> profiles.size() < 2);
		return Map.copyOf(byKey);
	}

	/**
	 * With managed keys and {@code tokenmint.signing.keys-per-profile} (the default), every profile not bound to a
	 * keystore key signs from a line of its own.
	 */
	private static Map<String, KeyLine> ownLines(SigningProperties properties, AlgorithmsInUse algorithmsInUse) {
		if (!properties.managesKeys() || !properties.keysPerProfile()) {
			return Map.of();
		}
		Map<String, KeyLine> own = new java.util.TreeMap<>();
		algorithmsInUse.profileKeys().forEach((profile, key) -> {
			if (key.kid() == null) {
				own.put(profile, new KeyLine(key.algorithm(), profile));
			}
		});
		return Map.copyOf(own);
	}

	/** The active key of the default profile's algorithm. */
	public SigningKey currentKey() {
		return activeKey(algorithmsInUse.primary());
	}

	/** A published key: one verifiers should still trust. */
	public Optional<SigningKey> find(String kid) {
		return snapshot.published().stream().filter(key -> key.kid().equals(kid)).findFirst();
	}

	/** Every key verifiers should trust, in kid order; the same list object until something changes. */
	public List<SigningKey> published() {
		return snapshot.published();
	}

	/** The algorithm a key signs with and its JWK names. */
	public TokenAlgorithm algorithmOf(SigningKey key) {
		KeyStateRecord row = snapshot.states().get(key.kid());
		return row == null ? algorithmFor(key) : row.algorithm();
	}

	/** Whether every algorithm in use has an active key, for readiness. */
	public boolean canSignEveryProfile() {
		return algorithmsInUse.algorithms().stream().map(KeyLine::shared).allMatch(snapshot.active()::containsKey)
				&& algorithmsInUse.dedicatedKeys().keySet().stream().allMatch(kid -> find(kid).isPresent());
	}

	/** Every key this replica can sign with: the keystore's and the managed ones. */
	Map<String, SigningKey> loaded() {
		return all();
	}


	/** The kid that signs for each line, as the hot path sees it. */
	Map<KeyLine, String> activeKids() {
		Map<KeyLine, String> kids = new LinkedHashMap<>();
		lines.forEach(line -> {
			SigningKey key = snapshot.active().get(line);
			if (key != null) {
				kids.put(line, key.kid());
			}
		});
		return kids;
	}

	public ReloadStatus lastReload() {
		return lastReload;
	}

	/** How the last keystore (re)load went. */
	public record ReloadStatus(Instant at, boolean succeeded, String message) {
	}

	/** No key is active for an algorithm a profile needs: fail closed. */
	static final class NoActiveKey extends ProblemException {

		NoActiveKey(TokenAlgorithm algorithm) {
			super(ProblemCode.NO_ACTIVE_KEY, "No key is active for " + algorithm + "; an operator must activate one.");
		}

	}

	/** An immutable view of keys and states that the hot path reads without locks. */
	private record Snapshot(Map<KeyLine, SigningKey> active, List<SigningKey> published,
			Map<String, KeyStateRecord> states) {

		static final Snapshot EMPTY = new Snapshot(Map.of(), List.of(), Map.of());

		static Snapshot build(Map<String, SigningKey> loaded, Map<String, KeyStateRecord> rows, Instant now,
				AlgorithmsInUse algorithmsInUse, Set<KeyLine> lines) {
			Map<KeyLine, SigningKey> active = new java.util.HashMap<>();
			for (KeyLine line : lines) {
				// Should two replicas ever race to activate, all pick the latest activation.
				rows.values().stream()
					.filter(row -> row.state() == KeyState.ACTIVE && row.line().equals(line) && loaded.containsKey(row.kid())
							&& !algorithmsInUse.dedicatedKeys().containsKey(row.kid()))
					.max(Comparator.comparing(KeyStateRecord::activatedAt, Comparator.nullsFirst(Comparator.naturalOrder())))
					.ifPresent(row -> active.put(line, loaded.get(row.kid())));
			}
			List<SigningKey> published = loaded.values().stream()
				.filter(key -> rows.containsKey(key.kid()) && rows.get(key.kid()).isPublishedAt(now))
				.toList();
			return new Snapshot(Map.copyOf(active), published, Map.copyOf(rows));
		}

	}

}
