package io.tokenmint.rotation;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.tokenmint.ConfigurationProblem;
import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;
import io.tokenmint.problem.Violation;
import io.tokenmint.signing.KeyLife;
import io.tokenmint.signing.KeyLifecycle;
import io.tokenmint.signing.KeyLine;
import io.tokenmint.signing.TokenAlgorithm;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The rotation schedule. Every replica checks every {@code check-interval}; the one that gets the key lock
 * takes the steps that are due (through the {@link KeyLifecycle}, each committed with its audit event), and
 * then, outside that lock, every replica brings the consumers up to date, each delivery claimed in the database
 * by the one replica that makes it. What a run
 * decides depends only on stored state, so a replica that dies mid-run leaves nothing the next run cannot
 * finish: a generated key not yet delivered is delivered, an activation not yet taken is taken.
 */
@Component
class KeyRotation implements SmartInitializingSingleton, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

	private final KeyLifecycle keys;

	private final KeyDelivery delivery;

	private final RotationProperties properties;

	private final ThreadPoolTaskScheduler scheduler;

	private final Clock clock;

	/** Names this replica in the audit of the steps it takes. */
	private final String replica;

	/** Successors whose time has come but that a required consumer has not confirmed, as the last run saw them. */
	private volatile List<String> blocked = List.of();

	private volatile @Nullable Instant lastRun;

	/** Why this replica's last run failed, or {@code null} when it did not: health reports it. */
	private volatile @Nullable String lastFailure;

	KeyRotation(KeyLifecycle keys, KeyDelivery delivery, RotationProperties properties, Clock clock) {
		this.clock = clock;
		this.keys = keys;
		this.delivery = delivery;
		this.properties = properties;
		// A thread of its own: a run that waits on consumers must not hold up the application's scheduler (key state
		// refresh, audit retention), and a wake-up queues behind a run in progress rather than racing it.
		ThreadPoolTaskScheduler own = new ThreadPoolTaskScheduler();
		own.setPoolSize(1);
		own.setThreadNamePrefix("key-rotation-");
		own.setDaemon(true);
		own.initialize();
		this.scheduler = own;
		this.replica = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
		if (properties.scheduled() && !keys.enabled()) {
			throw new ConfigurationProblem("tokenmint.signing.rotation.every", properties.every(),
					"rotation generates keys of its own, and needs tokenmint.signing.kek-alias: the AES key-encryption key that wraps them",
					"Set tokenmint.signing.kek-alias (docs/keys.md, zero-touch rotation), or leave rotation.every unset.");
		}
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (keys.enabled()) {
			scheduler.scheduleWithFixedDelay(this::runQuietly, Instant.now().plus(properties.checkInterval()), properties.checkInterval());
			log.info("Key rotation: {}, checked every {} (replica {})",
					properties.scheduled() ? "every " + properties.every() : "on request only", properties.checkInterval(), replica);
		}
	}

	@Override
	public void destroy() {
		scheduler.shutdown();
	}

	/** Runs soon, not at the next check: a consumer was registered, or an operator rotated. */
	void wake() {
		if (keys.enabled()) {
			scheduler.schedule(this::runQuietly, Instant.now());
		}
	}

	@Nullable
	Instant lastRun() {
		return lastRun;
	}

	@Nullable
	String lastFailure() {
		return lastFailure;
	}

	private void runQuietly() {
		try {
			run();
			lastFailure = null;
		}
		catch (Throwable ex) {
			// Even an Error: a scheduled task that throws one is never run again, and rotation would stop for good.
			lastFailure = ex.getClass().getSimpleName() + " at " + clock.instant();
			log.warn("Rotation run failed ({}: {}); the next run continues from what is stored", ex.getClass().getSimpleName(),
					ex.getMessage());
		}
	}

	/** The steps due at {@code now} for these keys, as the schedule takes them and the health and metrics report them. */
	List<RotationPlanner.Step> plan(List<KeyLife> all, Instant now) {
		return RotationPlanner.plan(all, keys.lines(), now, properties.every(), keys.publishAhead(), delivery::confirmed);
	}

	/** One run: the due steps under the key lock (skipped while another replica takes one), then the deliveries. */
	void run() {
		Instant at = clock.instant();
		keys.serializedIfFree(this::takeDueSteps);
		delivery.deliverDue(replica);
		// When the run began: what it saw is the state of that moment, not of its end.
		lastRun = at;
	}

	private void takeDueSteps() {
		List<String> waiting = new ArrayList<>();
		for (RotationPlanner.Step step : plan(keys.keys(), clock.instant())) {
			if (step instanceof RotationPlanner.Generate generate) {
				keys.generate(generate.line(), generate.activateAt(), properties.rsaBits(), replica);
			}
			else if (step instanceof RotationPlanner.Activate activate) {
				keys.activate(activate.kid(), replica, Map.of("by", "schedule"));
			}
			else if (step instanceof RotationPlanner.Blocked waitingFor) {
				waiting.add(waitingFor.kid());
			}
			else if (step instanceof RotationPlanner.Retire unused) {
				keys.retireUnused(unused.kid(), replica);
			}
			else if (step instanceof RotationPlanner.Destroy destroy) {
				keys.destroy(destroy.kid(), replica);
			}
		}
		if (!waiting.isEmpty() && !waiting.equals(blocked)) {
			log.warn("Activation of {} waits: a required consumer has not confirmed it (GET /admin/keys shows which)", waiting);
		}
		blocked = List.copyOf(waiting);
	}

	/**
	 * {@code POST /admin/keys/rotate}. Without emergency: a successor is published now and signs once
	 * publish-ahead has passed and consumers have it, like a scheduled one. With emergency: it signs at once,
	 * and the key it replaces is withdrawn and, if managed, destroyed.
	 */
	RotationResult rotate(KeyLine line, boolean emergency, boolean overrideConsumers) {
		if (!keys.lines().contains(line)) {
			throw new ProblemException(ProblemCode.KEY_STATE_CONFLICT, "No profile signs from " + line + "; lines in use: " + keys.lines());
		}
		RotationResult result = emergency ? emergency(line, overrideConsumers) : scheduleSuccessor(line);
		// Optional consumers, notices of withdrawn keys: from a run of their own, not inside this request.
		wake();
		return result;
	}

	/**
	 * A rotation an operator asked for (API or console): the named profile's own line, or else the shared line of
	 * the algorithm named, or of the only one in use.
	 */
	RotationResult rotateOnRequest(@Nullable String algorithmName, @Nullable String profile, boolean emergency, boolean overrideConsumers) {
		keys.kek();
		return rotate(line(algorithmName, profile), emergency, overrideConsumers);
	}

	private KeyLine line(@Nullable String algorithmName, @Nullable String profile) {
		if (profile == null) {
			return KeyLine.shared(algorithm(keys.algorithms(), algorithmName));
		}
		List<KeyLine> own = keys.lines().stream().filter(line -> profile.equals(line.profile())).toList();
		if (own.isEmpty()) {
			throw new InvalidRequest(List.of(new Violation(ProblemCode.INVALID_PARAMETER, "/profile", "must be a profile with keys of its own: "
					+ keys.lines().stream().filter(line -> !line.isShared()).map(KeyLine::profile).sorted().toList()
					+ "; the others sign with their algorithm's shared key or the key they are bound to")));
		}
		KeyLine line = own.get(0);
		if (algorithmName != null && TokenAlgorithm.fromName(algorithmName).filter(line.algorithm()::equals).isEmpty()) {
			throw new InvalidRequest(List.of(new Violation(ProblemCode.INVALID_PARAMETER, "/algorithm", "profile " + profile + " signs with "
					+ line.algorithm() + "; leave algorithm out or name that one")));
		}
		return line;
	}

	/** The algorithm to rotate: the one named, or the only one in use. */
	private static TokenAlgorithm algorithm(Set<TokenAlgorithm> inUse, @Nullable String name) {
		if (name == null) {
			if (inUse.size() == 1) {
				return inUse.iterator().next();
			}
			throw new InvalidRequest(List.of(new Violation(ProblemCode.FIELD_REQUIRED, "/algorithm",
					"the profiles sign with " + new TreeSet<>(inUse) + ": name the one to rotate")));
		}
		return TokenAlgorithm.fromName(name).filter(inUse::contains).orElseThrow(() -> new InvalidRequest(List.of(new Violation(
				ProblemCode.INVALID_PARAMETER, "/algorithm", "must be one the profiles sign with: " + new TreeSet<>(inUse)))));
	}


	/** A successor published now that signs once publish-ahead has passed and consumers have it, like a scheduled one. */
	private RotationResult scheduleSuccessor(KeyLine line) {
		RotationResult result = keys.serialized(() -> {
			List<KeyLife> lives = keys.keys();
			Optional<KeyLife> active = RotationPlanner.active(lives, line);
			KeyLife successor = RotationPlanner.successor(lives, line)
				.orElseGet(() -> keys.generate(line, clock.instant().plus(keys.publishAhead()), properties.rsaBits(), null));
			return new RotationResult(successor.kid(), active.map(KeyLife::kid).orElse(null), false, "scheduled", List.of(), List.of());
		});
		return result.withDeliveries(delivery.deliveries().getOrDefault(result.successor(), List.of()));
	}

	/**
	 * A leaked key: the successor (the one waiting, or a new one) is delivered to the required consumers, outside
	 * the key lock and within the delivery budget, optional ones not waited for; then one step activates it and
	 * retires, withdraws and destroys every other key of the line, all in one commit or not at all.
	 */
	private RotationResult emergency(KeyLine line, boolean overrideConsumers) {
		KeyLife successor = keys.serialized(() -> RotationPlanner.successor(keys.keys(), line)
			.orElseGet(() -> keys.generate(line, clock.instant(), properties.rsaBits(), null)));
		boolean confirmed = delivery.confirmed(successor.kid()) || delivery.deliverToRequired(successor.kid(), null);
		if (!confirmed && !overrideConsumers) {
			throw new ProblemException(ProblemCode.KEY_NOT_DELIVERED, "Key " + successor.kid() + " is generated and published, but not every "
					+ "required consumer has confirmed it (GET /admin/keys shows which). Tokens signed with it would fail there. Nothing else "
					+ "was changed: the current key still signs. Retry when they have it, or pass override_consumers=true to accept that.");
		}
		Map<String, Object> why = new LinkedHashMap<>();
		why.put("by", "emergency");
		why.put("override_consumers", overrideConsumers);
		KeyLifecycle.Emergency done = keys.emergency(successor.kid(), null, why);
		List<String> costs = new ArrayList<>();
		costs.add("Verifiers that cached the JWKS reject tokens from " + successor.kid() + " until they fetch it again (up to their cache time).");
		if (!confirmed) {
			costs.add("Some required consumers do not hold " + successor.kid() + " yet: they reject its tokens until delivery succeeds.");
		}
		for (KeyLife old : done.replaced()) {
			costs.add("Tokens signed with " + old.kid() + " stop verifying against the JWKS at once: apps fetch new ones when the SDK "
					+ "reports them expired.");
			costs.add("Document Engines keep accepting " + old.kid() + " until the expiry it was delivered with (GET /admin/keys shows it): "
					+ "the secrets API takes an expiry when a key is added, and tokenmint cannot withdraw it sooner.");
			costs.add("Webhook consumers are sent key.removed for " + old.kid() + "; whoever uploaded it by hand must delete it by hand.");
			if (!old.managed()) {
				costs.add(old.kid() + " is a keystore key: remove it from the keystore to destroy it.");
			}
		}
		String replaced = done.replaced().stream().filter(KeyLife::isActive).map(KeyLife::kid).findFirst().orElse(null);
		return new RotationResult(successor.kid(), replaced, true, "active", costs,
				delivery.deliveries().getOrDefault(successor.kid(), List.of()));
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (java.net.UnknownHostException ex) {
			return "replica";
		}
	}

}
