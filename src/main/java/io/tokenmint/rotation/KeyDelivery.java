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

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tokenmint.audit.AdminEvents;
import io.tokenmint.signing.KeyDistribution;
import io.tokenmint.signing.KeyLife;
import io.tokenmint.signing.ManagedKeys;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Delivers every published key to every consumer, and tells webhooks when a key is gone. Document Engines
 * get each key with an expiry that covers its last token, renewed when a key lives longer than planned;
 * they drop it themselves afterwards, so a key is never removed from one while a token it signed may still
 * arrive. Failed deliveries are retried with exponential backoff at later runs.
 */
@Component
class KeyDelivery implements KeyDistribution {

	private static final Logger log = LoggerFactory.getLogger(KeyDelivery.class);

	/** Without a schedule nobody knows when a key will retire: Document Engines hold it this long, renewed halfway. */
	static final Duration UNSCHEDULED_HOLD = Duration.ofDays(30);

	private final ConsumerRepository consumers;

	private final ConsumerService consumerService;

	private final PushRepository pushes;

	private final DocumentEngineSecrets documentEngines;

	private final WebhookSender webhooks;

	private final ManagedKeys keys;

	private final RotationProperties properties;

	private final AdminEvents events;

	private final TransactionTemplate transaction;

	private final MeterRegistry meters;

	private final Clock clock = Clock.systemUTC();

	KeyDelivery(ConsumerRepository consumers, ConsumerService consumerService, PushRepository pushes, DocumentEngineSecrets documentEngines,
			WebhookSender webhooks, ManagedKeys keys, RotationProperties properties, AdminEvents events, PlatformTransactionManager transactions,
			MeterRegistry meters) {
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
			return pushes.countFailedRequired();
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	int failedRequiredCount() {
		return pushes.countFailedRequired();
	}

	@Override
	public boolean confirmed(String kid) {
		List<Push> all = pushes.findAll();
		return consumers.findAll().stream()
			.filter(Consumer::required)
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
	 * Brings every consumer up to date with these keys: what is missing or held too briefly is sent, what is
	 * due a retry is retried.
	 *
	 * @param replica the replica acting for the schedule, or {@code null} for the admin of this request
	 */
	void sync(List<KeyLife> lives, @Nullable String replica) {
		List<Consumer> all = consumers.findAll();
		if (all.isEmpty()) {
			return;
		}
		Instant now = clock.instant();
		Map<String, Push> existing = new LinkedHashMap<>();
		pushes.findAll().forEach(push -> existing.put(push.kid() + "/" + push.consumerId() + "/" + push.action(), push));
		for (Consumer consumer : all) {
			for (KeyLife key : lives) {
				String addKey = key.kid() + "/" + consumer.id() + "/" + Push.Action.ADD;
				Push add = existing.get(addKey);
				if (key.isPublishedAt(now) && key.publicKeyPem() != null) {
					Hold hold = hold(key, lives, now);
					if (add == null) {
						add = pushes.insertPending(key.kid(), consumer.id(), Push.Action.ADD, now);
					}
					else if (consumer.type() == Consumer.Type.DOCUMENT_ENGINE && add.state() == Push.State.DONE && add.expiresAt() != null
							&& add.expiresAt().isBefore(hold.atLeast())) {
						pushes.renew(key.kid(), consumer.id(), now);
						add = new Push(key.kid(), consumer.id(), Push.Action.ADD, Push.State.PENDING, 0, add.expiresAt(), now, null, now);
					}
					if (add.due(now)) {
						attempt(consumer, key, add, hold.until(), replica);
					}
				}
				else if (consumer.type() == Consumer.Type.WEBHOOK && add != null && add.state() == Push.State.DONE) {
					Push remove = existing.get(key.kid() + "/" + consumer.id() + "/" + Push.Action.REMOVE);
					if (remove == null) {
						remove = pushes.insertPending(key.kid(), consumer.id(), Push.Action.REMOVE, now);
					}
					if (remove.due(now)) {
						attempt(consumer, key, remove, null, replica);
					}
				}
			}
		}
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
			Optional<KeyLife> successor = RotationPlanner.successor(lives, key.algorithm());
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

	private void attempt(Consumer consumer, KeyLife key, Push push, @Nullable Instant holdUntil, @Nullable String replica) {
		Instant now = clock.instant();
		String action = push.action() == Push.Action.ADD ? "key.pushed" : "key.removal_notified";
		try {
			String credential = consumerService.credential(consumer);
			Instant expiresAt = null;
			if (consumer.type() == Consumer.Type.DOCUMENT_ENGINE) {
				if (push.action() == Push.Action.ADD) {
					expiresAt = DocumentEngineSecrets.wholeSeconds(holdUntil);
					documentEngines.add(consumer.url(), credential, key.publicKeyPem(), expiresAt);
				}
			}
			else {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("kid", key.kid());
				data.put("alg", key.algorithm().name());
				if (push.action() == Push.Action.ADD) {
					data.put("public_key_pem", key.publicKeyPem());
					Instant signsFrom = key.activatedAt() != null ? key.activatedAt() : key.activateAt();
					if (signsFrom != null) {
						data.put("signs_from", signsFrom.toString());
					}
				}
				webhooks.send(consumer.url(), credential, "msg_" + key.kid() + "_" + push.action().name().toLowerCase(java.util.Locale.ROOT),
						push.action() == Push.Action.ADD ? "key.published" : "key.removed", data, now);
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
		catch (RuntimeException failure) {
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

	private void count(Consumer consumer, String outcome) {
		Counter.builder("tokenmint.keys.delivery.attempts")
			.description("Attempts to deliver a key, or a notice of its removal, to a consumer")
			.tag("type", consumer.type().name)
			.tag("outcome", outcome)
			.register(meters)
			.increment();
	}

}
