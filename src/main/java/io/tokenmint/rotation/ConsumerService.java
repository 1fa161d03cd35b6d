package io.tokenmint.rotation;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tokenmint.audit.AdminEvents;
import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;
import io.tokenmint.problem.Violation;
import io.tokenmint.signing.KeyLifecycle;
import io.tokenmint.validation.TextField;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registers consumers, with their credentials sealed under the key-encryption key. */
@Service
class ConsumerService {

	private static final int MAX_URL = 2000;

	private static final int MAX_TOKEN = 500;

	/** The profile whose tokens a Nutrient Document Engine verifies. */
	private static final String DOCUMENT_ENGINE_PROFILE = "instant";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ConsumerRepository consumers;

	private final KeyLifecycle keys;

	private final AdminEvents events;

	private final ConsumerAddressPolicy addresses;

	private final Clock clock;

	ConsumerService(ConsumerRepository consumers, KeyLifecycle keys, AdminEvents events, ConsumerAddressPolicy addresses, Clock clock) {
		this.clock = clock;
		this.addresses = addresses;
		this.consumers = consumers;
		this.keys = keys;
		this.events = events;
	}

	/** The consumer, and the webhook secret when one was generated (shown once). */
	record Registered(Consumer consumer, @org.jspecify.annotations.Nullable String webhookSecret) {
	}

	@Transactional
	Registered register(ConsumerRequest request) {
		List<Violation> violations = new ArrayList<>();
		Consumer.Type type = request.type() == null ? null : Consumer.Type.named(request.type()).orElse(null);
		if (request.type() == null) {
			violations.add(new Violation(ProblemCode.FIELD_REQUIRED, "/type", "is required: document-engine or webhook"));
		}
		else if (type == null) {
			violations.add(new Violation(ProblemCode.INVALID_CONSUMER, "/type", "must be document-engine or webhook"));
		}
		TextField.require(request.name(), "/name", 100, violations);
		checkUrl(request.url(), type, violations);
		if (type == Consumer.Type.DOCUMENT_ENGINE) {
			TextField.require(request.apiToken(), "/api_token", MAX_TOKEN, violations);
		}
		else if (type == Consumer.Type.WEBHOOK && request.apiToken() != null) {
			violations.add(new Violation(ProblemCode.FIELD_NOT_ALLOWED, "/api_token",
					"a webhook gets a signing secret generated for it; send no api_token"));
		}
		List<String> profiles = profiles(request.profiles(), type, violations);
		if (!violations.isEmpty()) {
			throw new InvalidRequest(violations);
		}
		String secret = type == Consumer.Type.WEBHOOK ? newWebhookSecret() : null;
		String credential = secret != null ? secret : request.apiToken();
		String sealed = Base64.getEncoder().encodeToString(keys.kek().seal(credential.getBytes(StandardCharsets.UTF_8)));
		Consumer consumer = new Consumer(UUID.randomUUID().toString(), request.name(), type, request.url().replaceAll("/+$", ""), sealed,
				request.required() == null || request.required(), clock.instant(), profiles);
		consumers.insert(consumer);
		Map<String, Object> details = new java.util.LinkedHashMap<>(Map.of("type", type.name, "name", consumer.name(), "url", consumer.url(),
				"required", consumer.required()));
		details.put("profiles", profiles == null ? "all" : profiles);
		events.record("consumer.registered", consumer.id(), details);
		return new Registered(consumer, secret);
	}

	List<Consumer> list() {
		return consumers.findAll();
	}

	Consumer get(String id) {
		return consumers.find(id).orElseThrow(() -> new ProblemException(ProblemCode.CONSUMER_NOT_FOUND, "No consumer " + id + "."));
	}

	@Transactional
	void delete(String id) {
		Consumer consumer = get(id);
		consumers.delete(id);
		events.record("consumer.deleted", id, Map.of("type", consumer.type().name, "name", consumer.name()));
	}

	/** Opens a consumer's sealed credential for one request; it is never kept open. */
	String credential(Consumer consumer) {
		try {
			return new String(keys.kek().open(Base64.getDecoder().decode(consumer.credential())), StandardCharsets.UTF_8);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("the credential of consumer " + consumer.id() + " does not open with the key-encryption key");
		}
	}

	private void checkUrl(String url, Consumer.@org.jspecify.annotations.Nullable Type type, List<Violation> violations) {
		if (url == null) {
			violations.add(new Violation(ProblemCode.FIELD_REQUIRED, "/url", "is required"));
			return;
		}
		if (url.length() > MAX_URL) {
			violations.add(new Violation(ProblemCode.FIELD_TOO_LONG, "/url", "longer than " + MAX_URL + " characters"));
			return;
		}
		try {
			URI uri = new URI(url);
			boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
			if (!web || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null || uri.getRawQuery() != null) {
				violations.add(new Violation(ProblemCode.INVALID_CONSUMER, "/url",
						"must be an http or https URL with a host and no user info, query or fragment"));
			}
			else if (type != null) {
				addresses.refusal(uri, type)
					.ifPresent(why -> violations.add(new Violation(ProblemCode.CONSUMER_ADDRESS_REFUSED, "/url", why)));
			}
		}
		catch (URISyntaxException ex) {
			violations.add(new Violation(ProblemCode.INVALID_CONSUMER, "/url", "is not a URL"));
		}
	}

	/**
	 * The profiles a consumer is sent keys of: those named, each a configured profile, or by default {@code instant}
	 * for a Document Engine (the only tokens it verifies) and every profile ({@code null}) for a webhook. An empty
	 * list counts as left out: generated clients send one for a list they were not given.
	 */
	private @org.jspecify.annotations.Nullable List<String> profiles(@org.jspecify.annotations.Nullable List<String> named,
			Consumer.@org.jspecify.annotations.Nullable Type type, List<Violation> violations) {
		Map<String, ?> known = keys.profiles();
		if (named == null || named.isEmpty()) {
			return type == Consumer.Type.DOCUMENT_ENGINE && known.containsKey(DOCUMENT_ENGINE_PROFILE) ? List.of(DOCUMENT_ENGINE_PROFILE) : null;
		}
		List<String> profiles = new ArrayList<>();
		for (int i = 0; i < named.size(); i++) {
			String name = named.get(i);
			if (name == null || !known.containsKey(name)) {
				// The caller's text is not echoed: the names there are, are.
				violations.add(new Violation(ProblemCode.INVALID_PARAMETER, "/profiles/" + i, "must be one of " + known.keySet()));
			}
			else if (!profiles.contains(name)) {
				profiles.add(name);
			}
		}
		return List.copyOf(profiles);
	}

	/** In the Standard Webhooks form: {@code whsec_} and 32 random bytes in base64. */
	private static String newWebhookSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return "whsec_" + Base64.getEncoder().encodeToString(bytes);
	}

}
