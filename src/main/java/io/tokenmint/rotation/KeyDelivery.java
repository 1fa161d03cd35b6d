package io.tokenmint.rotation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tokenmint.audit.AdminEvents;
import io.tokenmint.signing.KeyDistribution;
import io.tokenmint.signing.KeyLife;
import io.tokenmint.signing.KeyLifecycle;
import io.tokenmint.signing.TokenAlgorithm;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Delivers every published key to every consumer it is for (by the consumer's profiles), and tells webhooks when
 * a key is gone. Document Engines
 * get each key with an expiry that covers its last token, renewed when a key lives longer than planned;
 * they drop it themselves afterwards, so a key is never removed from one while a token it signed may still
 * arrive. Failed deliveries are retried with exponential backoff at later runs.
 */
@Component
class KeyDelivery implements KeyDistribution, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(KeyDelivery.class);

	/** Without a schedule nobody knows when a key will retire: Document Engines hold it this long, renewed halfway. */
	static final Duration UNSCHEDULED_HOLD = Duration.ofDays(30);

	private final ConsumerRepository consumers;

	private final ConsumerService consumerService;

	private final PushRepository pushes;

	private final DocumentEngineSecrets documentEngines;

	private final WebhookSender webhooks;

	private final KeyLifecycle keys;

	private final RotationProperties properties;

	private final AdminEvents events;

	private final TransactionTemplate transaction;

	private final MeterRegistry meters;

	private final Clock clock;

	/** How long past its deadline an attempt may take to record its outcome: its claim lasts this much longer. */
	private static final long BACKSTOP_MILLIS = 2_000;

	/** A thread per consumer while it is being served; idle ones go after a minute. */
	private final ExecutorService workers;

	KeyDelivery(ConsumerRepository consumers, ConsumerService consumerService, PushRepository pushes, DocumentEngineSecrets documentEngines,
			WebhookSender webhooks, KeyLifecycle keys, RotationProperties properties, AdminEvents events, PlatformTransactionManager transactions,
			MeterRegistry meters, Clock clock) {
		this.clock = clock;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("key-delivery-");
		threads.setDaemon(true);
		this.workers = Executors.newCachedThreadPool(threads);
		this.consumers = consumers;
		this.consumerService = consumerService;
		this.pushes = pushes;
		this.documentEngines = documentEngines;
		this.webhooks = webhooks;
		this.keys = keys;
		this.properties = properties;
		this.events = events;
		this.transaction = new TransactionTemplate(transactions);
		this.meters = meters;
		Gauge.builder("tokenmint.keys.deliveries.failed", this::failedRequired)
			.description("Deliveries of keys to required consumers whose last attempt failed")
			.register(meters);
	}

	private double failedRequired() {
		try {
			return pushes.countFailed(true);
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	int failedRequiredCount() {
		return pushes.countFailed(true);
	}

	int failedOptionalCount() {
		return pushes.countFailed(false);
	}

	/** Whether every required consumer that the key is for (by its profiles) holds it. */
	@Override
	public boolean confirmed(String kid) {
		List<Push> all = pushes.findAll();
		Map<String, TokenAlgorithm> profiles = keys.profiles();
		Optional<KeyLife> key = keys.keys().stream().filter(life -> life.kid().equals(kid)).findFirst();
		return consumers.findAll().stream()
			.filter(Consumer::required)
			.filter(consumer -> key.map(life -> consumer.serves(life, profiles)).orElse(true))
			.allMatch(consumer -> all.stream().anyMatch(push -> push.kid().equals(kid) && push.consumerId().equals(consumer.id())
					&& push.action() == Push.Action.ADD && push.state() == Push.State.DONE));
	}

	@Override
	public Map<String, List<Delivery>> deliveries() {
		Map<String, Consumer> byId = new LinkedHashMap<>();
		consumers.findAll().forEach(consumer -> byId.put(consumer.id(), consumer));
		Map<String, List<Delivery>> byKid = new TreeMap<>();
		for (Push push : pushes.findAll()) {
			Consumer consumer = byId.get(push.consumerId());
			if (consumer == null) {
				continue;
			}
			byKid.computeIfAbsent(push.kid(), kid -> new ArrayList<>())
				.add(new Delivery(consumer.id(), consumer.name(), consumer.type().name, consumer.required(),
						push.action().name().toLowerCase(java.util.Locale.ROOT), push.state().name().toLowerCase(java.util.Locale.ROOT),
						push.attempts(), push.expiresAt(), push.state() == Push.State.DONE ? null : push.nextAttemptAt(), push.lastError(),
						push.updatedAt()));
		}
		return byKid;
	}

	/**
	 * The schedule's deliveries: every consumer brought up to date with the keys as stored now, each consumer on
	 * a thread of its own, not waited for. Each push is claimed first (a conditional update of its next attempt
	 * to the end of its deadline), so that of all replicas one attempts it, and a replica that dies mid-attempt
	 * leaves a claim that runs out. A slow consumer holds up only itself: not the run, not the key lock, not
	 * the other consumers.
	 *
	 * @param replica the replica acting for the schedule, or {@code null} for the admin of this request
	 */
	void deliverDue(@Nullable String replica) {
		Instant now = clock.instant();
		Instant deadline = realDeadline();
		dispatch(plan(keys.keys(), consumers.findAll(), now, key -> true, false), replica, deadline);
	}

	/**
	 * For an emergency: one key to the required consumers now, whatever their backoff, side by side, waited for
	 * within the budget; optional consumers get it from the next scheduled run. Whether every required one
	 * confirmed it.
	 */
	boolean deliverToRequired(String kid, @Nullable String replica) {
		Instant now = clock.instant();
		Instant deadline = realDeadline();
		List<Consumer> required = consumers.findAll().stream().filter(Consumer::required).toList();
		List<Future<?>> shares = dispatch(plan(keys.keys(), required, now, key -> key.kid().equals(kid), true), replica, deadline);
		for (Future<?> share : shares) {
			try {
				// Every exchange is cut at the deadline (ConsumerHttp); this bound is only a backstop.
				share.get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()) + BACKSTOP_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (ExecutionException | TimeoutException ex) {
				// attempt() records its own failures; what did not finish is simply not confirmed
			}
		}
		return confirmed(kid);
	}

	/** One consumer's share of a run, in order. */
	private record Work(Consumer consumer, List<Due> due) {
	}

	/** One push to attempt; for a Document Engine, how long it must hold the key. */
	private record Due(KeyLife key, Push push, @Nullable Instant holdUntil) {
	}

	/**
	 * How long a delivery may take, on the system's clock whatever the application's {@link Clock} says: a bound
	 * on waiting, which a test that moves the application's time must not stretch or cut.
	 */
	private Instant realDeadline() {
		return Instant.now().plus(properties.deliveryBudget());
	}

	/**
	 * What to send: keys missing at a consumer or held too briefly, retries whose time has come, and webhook
	 * notices of keys gone. A retired key is never sent to a consumer that did not have it while it signed
	 * (too late to help, and it would be retried until its tail ends); a Document Engine that has it gets the
	 * one renewal that covers its last token.
	 */
	private List<Work> plan(List<KeyLife> lives, List<Consumer> targets, Instant now, java.util.function.Predicate<KeyLife> which,
			boolean ignoreBackoff) {
		Instant claimUntil = now.plus(properties.deliveryBudget()).plusMillis(BACKSTOP_MILLIS);
		Map<String, Push> existing = new LinkedHashMap<>();
		pushes.findAll().forEach(push -> existing.put(push.kid() + "/" + push.consumerId() + "/" + push.action(), push));
		List<Work> work = new ArrayList<>();
		Map<String, TokenAlgorithm> profiles = keys.profiles();
		for (Consumer consumer : targets) {
			List<Due> due = new ArrayList<>();
			for (KeyLife key : lives) {
				if (!which.test(key) || !consumer.serves(key, profiles)) {
					continue;
				}
				Push add = existing.get(key.kid() + "/" + consumer.id() + "/" + Push.Action.ADD);
				if (key.isPublishedAt(now) && key.publicKeyPem() != null) {
					Hold hold = hold(key, lives, now);
					if (key.isRetired() && (add == null || (add.state() != Push.State.DONE && add.expiresAt() == null))) {
						if (add != null) {
							pushes.drop(add);
						}
						continue;
					}
					if (add == null) {
						add = pushes.insertPending(key.kid(), consumer.id(), Push.Action.ADD, now);
					}
					else if (consumer.type() == Consumer.Type.DOCUMENT_ENGINE && add.state() == Push.State.DONE && add.expiresAt() != null
							&& add.expiresAt().isBefore(hold.atLeast())) {
						pushes.renew(key.kid(), consumer.id(), now);
						add = new Push(key.kid(), consumer.id(), Push.Action.ADD, Push.State.PENDING, 0, add.expiresAt(), now, null, now);
					}
					if ((add.due(now) || (ignoreBackoff && add.state() != Push.State.DONE)) && pushes.claim(add, now, claimUntil, ignoreBackoff)) {
						due.add(new Due(key, add, hold.until()));
					}
				}
				else if (consumer.type() == Consumer.Type.WEBHOOK && add != null && add.state() == Push.State.DONE) {
					Push remove = existing.get(key.kid() + "/" + consumer.id() + "/" + Push.Action.REMOVE);
					if (remove == null) {
						remove = pushes.insertPending(key.kid(), consumer.id(), Push.Action.REMOVE, now);
					}
					if (remove.due(now) && pushes.claim(remove, now, claimUntil, false)) {
						due.add(new Due(key, remove, null));
					}
				}
			}
			if (!due.isEmpty()) {
				work.add(new Work(consumer, due));
			}
		}
		return work;
	}

	/** Each consumer's share on a thread of its own, so that one that never answers delays nobody else. */
	private List<Future<?>> dispatch(List<Work> work, @Nullable String replica, Instant deadline) {
		List<Future<?>> shares = new ArrayList<>();
		for (Work share : work) {
			shares.add(workers.submit(() -> {
				for (Due due : share.due()) {
					attempt(share.consumer(), due.key(), due.push(), due.holdUntil(), replica, deadline);
				}
			}));
		}
		return shares;
	}

	/**
	 * How long a Document Engine must hold a key: until its last token has expired. Retired, that is known;
	 * otherwise it is planned: when its successor takes over (or would, at the schedule's pace), plus the
	 * tokens' tail. A key that lives on past its plan is renewed before its hold runs short.
	 */
	record Hold(Instant until, Instant atLeast) {
	}

	Hold hold(KeyLife key, List<KeyLife> lives, Instant now) {
		Duration tail = keys.tokenTail();
		if (key.isRetired() && key.publishedUntil() != null) {
			return new Hold(key.publishedUntil(), key.publishedUntil());
		}
		Duration every = properties.every();
		if (every == null) {
			return new Hold(now.plus(UNSCHEDULED_HOLD).plus(tail), now.plus(UNSCHEDULED_HOLD.dividedBy(2)).plus(tail));
		}
		Instant plannedEnd;
		if (key.isActive()) {
			Optional<KeyLife> successor = RotationPlanner.successor(lives, key.line());
			plannedEnd = successor.map(KeyLife::activateAt).orElse(key.activatedAt() == null ? now.plus(every) : key.activatedAt().plus(every));
		}
		else {
			Instant starts = key.activateAt() != null ? key.activateAt() : key.firstPublishedAt();
			plannedEnd = starts.plus(every);
		}
		if (!now.isAfter(plannedEnd)) {
			// On plan: exactly until the last token of its planned life, so that it leaves the consumer when it should.
			Instant until = plannedEnd.plus(tail);
			return new Hold(until, until);
		}
		// Living past its plan (activation of the successor is waiting): extend in steps, renewed before they run out.
		Duration renewAhead = properties.checkInterval().multipliedBy(4).compareTo(keys.publishAhead()) > 0
				? properties.checkInterval().multipliedBy(4) : keys.publishAhead();
		return new Hold(now.plus(renewAhead.multipliedBy(2)).plus(tail), now.plus(renewAhead).plus(tail));
	}

	private void attempt(Consumer consumer, KeyLife key, Push push, @Nullable Instant holdUntil, @Nullable String replica, Instant deadline) {
		Instant now = clock.instant();
		String action = push.action() == Push.Action.ADD ? "key.pushed" : "key.removal_notified";
		try {
			String credential = consumerService.credential(consumer);
			Instant expiresAt = null;
			if (consumer.type() == Consumer.Type.DOCUMENT_ENGINE) {
				if (push.action() == Push.Action.ADD) {
					expiresAt = DocumentEngineSecrets.wholeSeconds(holdUntil);
					documentEngines.add(consumer.url(), credential, key.publicKeyPem(), expiresAt, deadline);
				}
			}
			else {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("kid", key.kid());
				data.put("alg", key.algorithm().name());
				if (key.profile() != null) {
					// Which dashboard it goes in: a key of a profile's own line signs that profile's tokens only.
					data.put("profile", key.profile());
				}
				if (push.action() == Push.Action.ADD) {
					data.put("public_key_pem", key.publicKeyPem());
					Instant signsFrom = key.activatedAt() != null ? key.activatedAt() : key.activateAt();
					if (signsFrom != null) {
						data.put("signs_from", signsFrom.toString());
					}
				}
				webhooks.send(consumer.url(), credential, "msg_" + key.kid() + "_" + push.action().name().toLowerCase(java.util.Locale.ROOT),
						push.action() == Push.Action.ADD ? "key.published" : "key.removed", data, now, deadline);
			}
			Instant held = expiresAt;
			transaction.executeWithoutResult(status -> {
				pushes.done(push, held, now);
				Map<String, Object> details = details(consumer, push);
				if (held != null) {
					details.put("expires_at", held.toString());
				}
				events.recordBySchedule(replica, action, key.kid(), details);
			});
			count(consumer, "done");
			log.info("{} {} to {} ({})", action, key.kid(), consumer.name(), consumer.type().name);
		}
		catch (Throwable failure) {
			// Whatever a consumer did to this attempt, even exhausting memory, is this consumer's failed delivery,
			// recorded and retried; it never ends the run for the others.
			String error = ConsumerHttp.describe(failure);
			Instant next = now.plusMillis(backOff(push.attempts()));
			transaction.executeWithoutResult(status -> {
				pushes.failed(push, error, next, now);
				Map<String, Object> details = details(consumer, push);
				details.put("error", error);
				details.put("attempt", push.attempts() + 1);
				details.put("next_attempt_at", next.toString());
				events.recordBySchedule(replica, action.replace("pushed", "push_failed").replace("notified", "failed"), key.kid(), details);
			});
			count(consumer, "failed");
			log.warn("Delivering key {} to {} ({}) failed: {}; next attempt at {}", key.kid(), consumer.name(), consumer.type().name, error,
					next);
		}
	}

	private Map<String, Object> details(Consumer consumer, Push push) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("consumer_id", consumer.id());
		details.put("consumer", consumer.name());
		details.put("type", consumer.type().name);
		details.put("action", push.action().name().toLowerCase(java.util.Locale.ROOT));
		return details;
	}

	/** The wait after this many failed attempts: retry-first, doubling, at most retry-max. */
	long backOff(int failedAttempts) {
		ExponentialBackOff backOff = new ExponentialBackOff(properties.retryFirst().toMillis(), 2.0);
		backOff.setMaxInterval(properties.retryMax().toMillis());
		BackOffExecution execution = backOff.start();
		long wait = execution.nextBackOff();
		for (int i = 0; i < failedAttempts && wait != BackOffExecution.STOP; i++) {
			wait = execution.nextBackOff();
		}
		return wait == BackOffExecution.STOP ? properties.retryMax().toMillis() : wait;
	}

	@Override
	public void destroy() {
		workers.shutdownNow();
	}

	private void count(Consumer consumer, String outcome) {
		Counter.builder("tokenmint.keys.delivery.attempts")
			.description("Attempts to deliver a key, or a notice of its removal, to a consumer")
			.tag("type", consumer.type().name)
			.tag("consumer", consumer.name())
			.tag("outcome", outcome)
			.register(meters)
			.increment();
	}

}
