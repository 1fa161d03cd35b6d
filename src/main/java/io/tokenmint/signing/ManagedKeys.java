package io.tokenmint.signing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.audit.AdminEvents;
import io.tokenmint.cluster.ClusterEvents;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps of a key's life that rotation takes: generate, activate (retiring the predecessor), withdraw,
 * destroy. Each step commits together with its audit event, so that a replica dying between steps leaves
 * a state the next run continues from, and a step is never half done.
 *
 * <p>{@code replica} names the replica when the schedule acts; {@code null} means the admin of the current request.
 */
@Service
public class ManagedKeys {

	private static final Logger log = LoggerFactory.getLogger(ManagedKeys.class);

	private final KeyRing ring;

	private final KeyStateRepository states;

	private final ManagedKeyRepository rows;

	private final AdminEvents events;

	private final TransactionTemplate transaction;

	private final ClusterEvents cluster;

	private final SigningProperties signing;

	private final TokenmintProperties tokenmint;

	private final AlgorithmsInUse algorithmsInUse;

	private final Clock clock = Clock.systemUTC();

	ManagedKeys(KeyRing ring, KeyStateRepository states, ManagedKeyRepository rows, AdminEvents events,
			PlatformTransactionManager transactions, ClusterEvents cluster, SigningProperties signing, TokenmintProperties tokenmint,
			AlgorithmsInUse algorithmsInUse) {
		this.ring = ring;
		this.states = states;
		this.rows = rows;
		this.events = events;
		this.transaction = new TransactionTemplate(transactions);
		this.cluster = cluster;
		this.signing = signing;
		this.tokenmint = tokenmint;
		this.algorithmsInUse = algorithmsInUse;
	}

	/** Whether a key-encryption key is configured, so that tokenmint can keep keys of its own. */
	public boolean enabled() {
		return ring.kek() != null;
	}

	public KeyEncryptionKey kek() {
		KeyEncryptionKey kek = ring.kek();
		if (kek == null) {
			throw new ProblemException(ProblemCode.MANAGED_KEYS_DISABLED,
					"tokenmint keeps no keys of its own: set tokenmint.signing.kek-alias to an AES key in the keystore or on the token.");
		}
		return kek;
	}

	/** The algorithms the profiles sign with, each with one active key to rotate. */
	public Set<TokenAlgorithm> algorithms() {
		return algorithmsInUse.algorithms();
	}

	public Duration publishAhead() {
		return signing.publishAhead();
	}

	/**
	 * How long after a key stops signing its tokens can still arrive at a verifier: another replica may sign
	 * until it next refreshes, a token lives at most max-expires-in, and verifiers allow some clock skew.
	 */
	public Duration tokenTail() {
		return signing.stateRefresh().plus(tokenmint.maxExpiresIn()).plus(tokenmint.verifyLeeway());
	}

	/** Every key with a stored state, in kid order, read fresh from the database. */
	public List<KeyLife> keys() {
		Map<String, KeyStateRecord> stateRows = states.findAll();
		Map<String, ManagedKeyRecord> managed = new TreeMap<>();
		rows.findAll().forEach(row -> managed.put(row.kid(), row));
		Map<String, SigningKey> loaded = ring.loaded();
		List<KeyLife> keys = new ArrayList<>();
		for (KeyStateRecord state : stateRows.values()) {
			ManagedKeyRecord row = managed.get(state.kid());
			String pem = null;
			if (row != null) {
				try {
					pem = SigningKey.pem(ManagedKeyMaterial.publicKey(row));
				}
				catch (GeneralSecurityException ex) {
					log.error("Managed key {} has an unreadable public key", state.kid());
				}
			}
			else if (loaded.containsKey(state.kid())) {
				pem = loaded.get(state.kid()).publicKeyPem();
			}
			keys.add(new KeyLife(state.kid(), state.algorithm(), state.state().name(), row != null, state.firstPublishedAt(),
					state.activatedAt(), state.retiredAt(), state.publishedUntil(), row == null ? null : row.activateAt(),
					row == null ? null : row.destroyedAt(), pem, ring.isDedicated(state.kid())));
		}
		return keys;
	}

	/** Generates a key, wraps it, and publishes it: verifiers and consumers learn it before it signs. */
	public KeyLife generate(TokenAlgorithm algorithm, Instant activateAt, int rsaBits, @Nullable String replica) {
		KeyEncryptionKey kek = kek();
		Instant now = clock.instant();
		KeyPair pair;
		try {
			pair = ManagedKeyMaterial.generate(algorithm, rsaBits);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot generate a " + algorithm + " key: " + ex.getMessage(), ex);
		}
		String kid = ManagedKeyMaterial.newKid(algorithm, now);
		ManagedKeyRecord row = ManagedKeyMaterial.wrap(kid, algorithm, pair, kek, now, activateAt);
		transaction.executeWithoutResult(status -> {
			rows.insert(row);
			states.insertPublished(kid, algorithm, now);
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("algorithm", algorithm.name());
			details.put("key", TokenAlgorithm.KeyDescription.of(pair.getPublic()).toString());
			details.put("kek", kek.alias());
			details.put("activate_at", activateAt.toString());
			events.recordBySchedule(replica, "key.generated", kid, details);
			cluster.publish(KeyRing.TOPIC, kid);
		});
		ring.synchronize();
		log.warn("Generated managed key {} for {}; it signs from {}", kid, algorithm, activateAt);
		return find(kid);
	}

	/** Makes a published key the one that signs its algorithm and retires the key it replaces. */
	public void activate(String kid, @Nullable String replica, Map<String, ?> why) {
		Instant now = clock.instant();
		Instant publishedUntil = now.plus(tokenTail());
		KeyLife key = find(kid);
		List<KeyLife> predecessors = keys().stream()
			.filter(other -> other.isActive() && other.algorithm() == key.algorithm() && !other.dedicated() && !other.kid().equals(kid))
			.toList();
		transaction.executeWithoutResult(status -> {
			if (!states.activate(kid, key.algorithm(), now)) {
				throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT, "Key " + kid + " can no longer be activated.");
			}
			Map<String, Object> details = new LinkedHashMap<>(why);
			details.put("algorithm", key.algorithm().name());
			details.put("replaces", predecessors.stream().map(KeyLife::kid).toList());
			events.recordBySchedule(replica, "key.activated", kid, details);
			for (KeyLife predecessor : predecessors) {
				states.retire(predecessor.kid(), now, publishedUntil);
				events.recordBySchedule(replica, "key.retired", predecessor.kid(), Map.of("algorithm", key.algorithm().name(), "successor", kid,
						"published_until", publishedUntil.toString()));
			}
			cluster.publish(KeyRing.TOPIC, kid);
		});
		ring.synchronize();
		log.warn("Key {} now signs {}; retired {}", kid, key.algorithm(), predecessors.stream().map(KeyLife::kid).toList());
	}

	/** Takes a retired key out of the JWKS at once: its unexpired tokens stop verifying. For a leaked key. */
	public void withdraw(String kid, @Nullable String replica) {
		Instant now = clock.instant();
		transaction.executeWithoutResult(status -> {
			if (states.withdraw(kid, now)) {
				events.recordBySchedule(replica, "key.withdrawn", kid, Map.of("published_until", now.toString()));
				cluster.publish(KeyRing.TOPIC, kid);
			}
		});
		ring.synchronize();
	}

	/** Overwrites a managed key's private part once no token it signed can still be valid. */
	public void destroy(String kid, @Nullable String replica) {
		KeyLife key = find(kid);
		Instant now = clock.instant();
		if (!key.managed() || !key.isRetired() || key.isPublishedAt(now)) {
			throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT, "Key " + kid + " is not a managed key past its last token.");
		}
		transaction.executeWithoutResult(status -> {
			if (rows.destroy(kid, now)) {
				events.recordBySchedule(replica, "key.destroyed", kid, Map.of("algorithm", key.algorithm().name()));
				cluster.publish(KeyRing.TOPIC, kid);
			}
		});
		ring.synchronize();
		log.warn("Destroyed the private part of managed key {}", kid);
	}

	public KeyLife find(String kid) {
		return keys().stream().filter(key -> key.kid().equals(kid)).findFirst().orElseThrow(() -> new UnknownKey(kid));
	}

}
