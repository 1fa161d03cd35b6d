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
import java.util.function.Supplier;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.audit.AdminEvents;
import io.tokenmint.cluster.ClusterEvents;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one door every change of a key's life goes through, whoever asks (the schedule, the admin API, the
 * console) and on whichever replica: generate, activate, retire, withdraw, destroy, and the emergency that
 * does several at once.
 *
 * <p>Each step runs under the {@link KeyLock}, reads the states afresh inside it, and commits its changes and
 * their audit events in one transaction, with conditional updates whose row counts are checked: a step whose
 * update changed nothing rolls back whole, answers {@code 409} with the state as it is now, and leaves no event.
 * After any interleaving of steps these hold, and the model-based test tries to break them:
 * <ul>
 * <li>exactly one ACTIVE key per line in use (each algorithm's shared line, and once its first key has signed,
 * each profile's own line; profile-bound keys aside);</li>
 * <li>a retired key never signs again;</li>
 * <li>an emergency is all or nothing: its successor signs and every other key of its line is retired,
 * withdrawn and, if managed, destroyed in one commit, or none of that happened;</li>
 * <li>an audit event exists only for a change that committed.</li>
 * </ul>
 *
 * <p>{@code replica} names the replica when the schedule acts; {@code null} means the admin of the current request.
 */
@Service
public class KeyLifecycle {

	private static final Logger log = LoggerFactory.getLogger(KeyLifecycle.class);

	private final KeyRing ring;

	private final KeyStateRepository states;

	private final ManagedKeyRepository rows;

	private final AdminEvents events;

	private final TransactionTemplate transaction;

	private final ClusterEvents cluster;

	private final SigningProperties signing;

	private final TokenmintProperties tokenmint;

	private final AlgorithmsInUse algorithmsInUse;

	private final KeyLock lock;

	private final ObjectProvider<KeyDistribution> distribution;

	private final Clock clock;

	KeyLifecycle(KeyRing ring, KeyStateRepository states, ManagedKeyRepository rows, AdminEvents events,
			PlatformTransactionManager transactions, ClusterEvents cluster, SigningProperties signing, TokenmintProperties tokenmint,
			AlgorithmsInUse algorithmsInUse, KeyLock lock, ObjectProvider<KeyDistribution> distribution, Clock clock) {
		this.clock = clock;
		this.ring = ring;
		this.states = states;
		this.rows = rows;
		this.events = events;
		this.transaction = new TransactionTemplate(transactions);
		this.cluster = cluster;
		this.signing = signing;
		this.tokenmint = tokenmint;
		this.algorithmsInUse = algorithmsInUse;
		this.lock = lock;
		this.distribution = distribution;
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

	/** The profiles' names, each with the algorithm it signs with. */
	public Map<String, TokenAlgorithm> profiles() {
		Map<String, TokenAlgorithm> profiles = new TreeMap<>();
		algorithmsInUse.profileKeys().forEach((name, key) -> profiles.put(name, key.algorithm()));
		return profiles;
	}

	/** Every line of keys to rotate: each algorithm's shared line, then the profiles' own. */
	public Set<KeyLine> lines() {
		return ring.lines();
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

	/** Runs several steps as one under the lock, waiting for it as an operator's request does. */
	public <T> T serialized(Supplier<T> steps) {
		return lock.run(steps);
	}

	/** For the schedule: runs the steps under the lock if nobody holds it; otherwise the next run takes them. */
	public boolean serializedIfFree(Runnable steps) {
		return lock.tryRun(() -> {
			steps.run();
			return Boolean.TRUE;
		}).isPresent();
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
			if (row != null && row.destroyedAt() == null) {
				// A destroyed key is nobody's to verify with any more; parsing the public parts of every key ever
				// made on each read would grow with the key history.
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
					row == null ? null : row.destroyedAt(), pem, ring.isDedicated(state.kid()), state.profile()));
		}
		return keys;
	}

	/** Generates a key, wraps it, and publishes it: verifiers and consumers learn it before it signs. */
	public KeyLife generate(KeyLine line, Instant activateAt, int rsaBits, @Nullable String replica) {
		TokenAlgorithm algorithm = line.algorithm();
		KeyEncryptionKey kek = kek();
		KeyPair pair;
		try {
			pair = ManagedKeyMaterial.generate(algorithm, rsaBits);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot generate a " + algorithm + " key: " + ex.getMessage(), ex);
		}
		return step(() -> {
			Instant now = clock.instant();
			String kid = ManagedKeyMaterial.newKid(algorithm, now);
			ManagedKeyRecord row = ManagedKeyMaterial.wrap(kid, algorithm, pair, kek, now, activateAt);
			transaction.executeWithoutResult(status -> {
				rows.insert(row);
				states.insertPublished(kid, line, now);
				Map<String, Object> details = new LinkedHashMap<>();
				details.put("algorithm", algorithm.name());
				if (line.profile() != null) {
					details.put("profile", line.profile());
				}
				details.put("key", TokenAlgorithm.KeyDescription.of(pair.getPublic()).toString());
				details.put("kek", kek.alias());
				details.put("activate_at", activateAt.toString());
				events.recordBySchedule(replica, "key.generated", kid, details);
				cluster.publish(KeyRing.TOPIC, kid);
			});
			log.warn("Generated managed key {} for {}; it signs from {}", kid, line, activateAt);
			return kid;
		}, this::find);
	}

	/**
	 * The schedule's (or an emergency's) activation: a published key signs its algorithm, and the key it replaces
	 * retires, staying published until its last token has expired.
	 */
	public void activate(String kid, @Nullable String replica, Map<String, ?> why) {
		step(() -> {
			Instant now = clock.instant();
			KeyLife key = find(kid);
			requireState(key, KeyState.PUBLISHED, "activated");
			Instant publishedUntil = now.plus(tokenTail());
			List<KeyLife> predecessors = signing(key.line());
			transaction.executeWithoutResult(status -> {
				promote(key, now, replica, why, predecessors);
				for (KeyLife predecessor : predecessors) {
					changed(states.retire(predecessor.kid(), KeyState.ACTIVE, now, publishedUntil), predecessor.kid());
					events.recordBySchedule(replica, "key.retired", predecessor.kid(), Map.of("algorithm", key.algorithm().name(), "successor",
							kid, "published_until", publishedUntil.toString()));
				}
				cluster.publish(KeyRing.TOPIC, kid);
			});
			log.warn("Key {} now signs {}; retired {}", kid, key.line(), predecessors.stream().map(KeyLife::kid).toList());
			return kid;
		}, this::find);
	}

	/**
	 * An operator's activation ({@code POST /admin/keys/{kid}/activate}, the console): the key it replaces goes
	 * back to published, so that the operator can switch back, and nothing retires.
	 */
	public void activateByOperator(String kid, boolean force, boolean overrideConsumers) {
		step(() -> {
			KeyLife key = find(kid);
			refuseDedicated(key);
			if (!ring.loaded().containsKey(kid) || key.destroyedAt() != null) {
				throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT, "Key " + kid + " is not in the keystore now; nothing was changed.");
			}
			if (key.isRetired()) {
				throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT,
						"Key " + kid + " is RETIRED now; a retired key never signs again. Add a new key instead.");
			}
			requireState(key, KeyState.PUBLISHED, "activated");
			Instant now = clock.instant();
			Duration published = Duration.between(key.firstPublishedAt(), now);
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
			List<KeyLife> replaced = signing(key.line());
			transaction.executeWithoutResult(status -> {
				changed(states.promote(kid, now), kid);
				for (KeyLife other : replaced) {
					changed(states.demote(other.kid()), other.kid());
				}
				events.record("key.activated", kid, Map.of("before", KeyState.PUBLISHED.name(), "after", KeyState.ACTIVE.name(), "algorithm",
						key.algorithm().name(), "forced", force, "override_consumers", overrideConsumers, "replaces",
						replaced.stream().map(KeyLife::kid).toList()));
				cluster.publish(KeyRing.TOPIC, kid);
			});
			log.warn("Key {} is now active for {}{}", kid, key.line(), force ? " (forced)" : "");
			return kid;
		}, this::find);
	}

	/** An operator's retirement of a published key: it never signs, and leaves the JWKS once its tail has passed. */
	public void retireByOperator(String kid) {
		step(() -> {
			KeyLife key = find(kid);
			refuseDedicated(key);
			if (key.isActive()) {
				throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT,
						"Key " + kid + " is ACTIVE now; activate another key for " + key.line() + " first. Nothing was changed.");
			}
			requireState(key, KeyState.PUBLISHED, "retired");
			Instant now = clock.instant();
			Instant publishedUntil = now.plus(tokenTail());
			transaction.executeWithoutResult(status -> {
				changed(states.retire(kid, KeyState.PUBLISHED, now, publishedUntil), kid);
				events.record("key.retired", kid, Map.of("before", KeyState.PUBLISHED.name(), "after", KeyState.RETIRED.name(),
						"published_until", publishedUntil.toString()));
				cluster.publish(KeyRing.TOPIC, kid);
			});
			log.warn("Key {} retired; it stays in the JWKS until {}", kid, publishedUntil);
			return kid;
		}, this::find);
	}

	/**
	 * The schedule's retirement of a key whose line no profile signs from any more: it stays published until its
	 * last token has expired, then is destroyed like any retired managed key.
	 */
	public void retireUnused(String kid, @Nullable String replica) {
		step(() -> {
			KeyLife key = find(kid);
			if (key.isRetired() || key.profile() == null || ring.lines().contains(key.line())) {
				throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT, "Key " + kid + " is " + key.state() + " on a line in use; nothing was changed.");
			}
			Instant now = clock.instant();
			Instant publishedUntil = now.plus(tokenTail());
			transaction.executeWithoutResult(status -> {
				changed(states.retire(kid, KeyState.valueOf(key.state()), now, publishedUntil), kid);
				events.recordBySchedule(replica, "key.retired", kid, Map.of("algorithm", key.algorithm().name(), "profile", key.profile(),
						"published_until", publishedUntil.toString(), "by", "line no longer in use"));
				cluster.publish(KeyRing.TOPIC, kid);
			});
			log.warn("Key {} retired: no profile signs from {} any more", kid, key.line());
			return kid;
		}, this::find);
	}

	/** Overwrites a managed key's private part once no token it signed can still be valid. */
	public void destroy(String kid, @Nullable String replica) {
		step(() -> {
			KeyLife key = find(kid);
			Instant now = clock.instant();
			if (!key.managed() || !key.isRetired() || key.isPublishedAt(now) || key.destroyedAt() != null) {
				throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT, "Key " + kid + " is not a managed key past its last token ("
						+ key.state() + (key.destroyedAt() != null ? ", destroyed" : "") + " now); nothing was changed.");
			}
			transaction.executeWithoutResult(status -> {
				changed(rows.destroy(kid, now), kid);
				events.recordBySchedule(replica, "key.destroyed", kid, Map.of("algorithm", key.algorithm().name()));
				cluster.publish(KeyRing.TOPIC, kid);
			});
			log.warn("Destroyed the private part of managed key {}", kid);
			return kid;
		}, this::find);
	}

	/**
	 * A managed key whose key-encryption key is lost: it can never sign again and no replica can load it, so in one
	 * commit it is retired, taken out of the JWKS (no replica publishes a key it cannot load) and destroyed. Its line
	 * signs again once the operator rotates it (an emergency rotation makes and activates a successor at once).
	 */
	public void destroyUnreadable(String kid) {
		step(() -> {
			KeyLife key = find(kid);
			Instant now = clock.instant();
			if (!key.managed() || key.destroyedAt() != null || ring.loaded().containsKey(kid)) {
				return kid;
			}
			Map<String, String> why = Map.of("by", "lost key-encryption key", "algorithm", key.algorithm().name());
			transaction.executeWithoutResult(status -> {
				if (!key.isRetired()) {
					changed(states.retire(kid, KeyState.valueOf(key.state()), now, now), kid);
					events.recordAs(null, "key.retired", kid, why);
					events.recordAs(null, "key.withdrawn", kid, Map.of("published_until", now.toString()));
				}
				else if (key.isPublishedAt(now)) {
					changed(states.withdraw(kid, now), kid);
					events.recordAs(null, "key.withdrawn", kid, Map.of("published_until", now.toString()));
				}
				changed(rows.destroy(kid, now), kid);
				events.recordAs(null, "key.destroyed", kid, why);
				cluster.publish(KeyRing.TOPIC, kid);
			});
			log.warn("Managed key {} could not be unwrapped and was retired, withdrawn and destroyed (tokenmint.signing.destroy-unreadable-keys)",
					kid);
			return kid;
		}, done -> done);
	}

	/** What an emergency changed, for the answer's list of costs. */
	public record Emergency(KeyLife successor, List<KeyLife> replaced) {
	}

	/**
	 * A leaked key: in one commit the successor signs, and every other key of its line is retired, taken
	 * out of the JWKS and, if managed, destroyed. Either all of that commits or nothing does.
	 */
	public Emergency emergency(String successorKid, @Nullable String replica, Map<String, ?> why) {
		return step(() -> {
			Instant now = clock.instant();
			KeyLife successor = find(successorKid);
			refuseDedicated(successor);
			requireState(successor, KeyState.PUBLISHED, "activated in an emergency");
			if (successor.destroyedAt() != null || !ring.loaded().containsKey(successorKid)) {
				throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT, "Key " + successorKid + " cannot sign here; nothing was changed.");
			}
			List<KeyLife> replaced = keys().stream()
				.filter(other -> other.line().equals(successor.line()) && !other.dedicated() && !other.kid().equals(successorKid))
				.filter(other -> !other.isRetired() || other.isPublishedAt(now) || (other.managed() && other.destroyedAt() == null))
				.toList();
			transaction.executeWithoutResult(status -> {
				promote(successor, now, replica, why, replaced);
				for (KeyLife old : replaced) {
					if (!old.isRetired()) {
						changed(states.retire(old.kid(), KeyState.valueOf(old.state()), now, now), old.kid());
						events.recordBySchedule(replica, "key.retired", old.kid(), Map.of("algorithm", old.algorithm().name(), "successor",
								successorKid, "published_until", now.toString(), "by", "emergency"));
						events.recordBySchedule(replica, "key.withdrawn", old.kid(), Map.of("published_until", now.toString()));
					}
					else if (old.isPublishedAt(now)) {
						changed(states.withdraw(old.kid(), now), old.kid());
						events.recordBySchedule(replica, "key.withdrawn", old.kid(), Map.of("published_until", now.toString()));
					}
					if (old.managed() && old.destroyedAt() == null) {
						changed(rows.destroy(old.kid(), now), old.kid());
						events.recordBySchedule(replica, "key.destroyed", old.kid(), Map.of("algorithm", old.algorithm().name()));
					}
				}
				cluster.publish(KeyRing.TOPIC, successorKid);
			});
			log.warn("Emergency: key {} now signs {}; withdrew {}", successorKid, successor.line(),
					replaced.stream().map(KeyLife::kid).toList());
			return new Emergency(find(successorKid), replaced);
		}, emergency -> emergency);
	}

	/** The keys signing for a line now, as stored (profile-bound keys aside): one, where the invariant holds. */
	private List<KeyLife> signing(KeyLine line) {
		return keys().stream().filter(key -> key.isActive() && key.line().equals(line) && !key.dedicated()).toList();
	}

	/** PUBLISHED to ACTIVE with its event, for the schedule and the emergency; inside the step's transaction. */
	private void promote(KeyLife key, Instant now, @Nullable String replica, Map<String, ?> why, List<KeyLife> replaces) {
		changed(states.promote(key.kid(), now), key.kid());
		Map<String, Object> details = new LinkedHashMap<>(why);
		details.put("algorithm", key.algorithm().name());
		if (key.profile() != null) {
			details.put("profile", key.profile());
		}
		details.put("replaces", replaces.stream().map(KeyLife::kid).toList());
		events.recordBySchedule(replica, "key.activated", key.kid(), details);
	}

	public KeyLife find(String kid) {
		return keys().stream().filter(key -> key.kid().equals(kid)).findFirst().orElseThrow(() -> new UnknownKey(kid));
	}

	/**
	 * One step: under the lock (waited for unless the caller already holds it), then the ring rebuilt from the
	 * committed state on this replica at once, the others following the cluster event.
	 */
	private <T, R> R step(Supplier<T> change, java.util.function.Function<T, R> result) {
		try {
			T done = lock.run(change);
			ring.synchronize();
			return result.apply(done);
		}
		catch (StateChangedMeanwhile raced) {
			ring.synchronize();
			throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT, "Key " + raced.kid + " changed while this step ran; nothing was changed ("
					+ stateOf(raced.kid) + " now).");
		}
	}

	private String stateOf(String kid) {
		KeyStateRecord row = states.findAll().get(kid);
		return row == null ? "unknown" : row.state().name();
	}

	private static void requireState(KeyLife key, KeyState wanted, String what) {
		if (!key.state().equals(wanted.name())) {
			throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT, "Key " + key.kid() + " is " + key.state()
					+ " now; only a " + wanted.name() + " key can be " + what + ". Nothing was changed.");
		}
	}

	/** A key bound to a profile is managed by the configuration that binds it, not by activation. */
	private static void refuseDedicated(KeyLife key) {
		if (key.dedicated()) {
			throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT, "Key " + key.kid()
					+ " is bound to a profile (key-id in its configuration); bind the profile to another key first.");
		}
	}

	/** A conditional update that changed no row: the state moved under us, and the whole transaction rolls back. */
	private static void changed(boolean updated, String kid) {
		if (!updated) {
			throw new StateChangedMeanwhile(kid);
		}
	}

	private static final class StateChangedMeanwhile extends RuntimeException {

		private final String kid;

		StateChangedMeanwhile(String kid) {
			super(kid, null, false, false);
			this.kid = kid;
		}

	}

}
