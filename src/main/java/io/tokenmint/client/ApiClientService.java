package io.tokenmint.client;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import io.tokenmint.AfterCommit;
import io.tokenmint.TokenmintProperties;
import io.tokenmint.audit.AdminEvents;
import io.tokenmint.cluster.ClusterEvents;
import io.tokenmint.document.DocumentPattern;
import io.tokenmint.document.PermissionSet;
import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;
import io.tokenmint.profile.ProfileNames;
import io.tokenmint.profile.TokenProfiles;
import io.tokenmint.validation.Lifetimes;
import io.tokenmint.validation.TextField;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, lists and revokes API clients, and recognises their keys. A revocation or key replacement reaches
 * every replica through {@link ClusterEvents} at once; recognised keys are cached for at most
 * {@link #CACHE_TTL} all the same, the bound should a replica miss the news.
 */
@Service
public class ApiClientService {

	private static final Logger log = LoggerFactory.getLogger(ApiClientService.class);

	static final Duration CACHE_TTL = Duration.ofSeconds(4);

	static final Duration MISS_TTL = Duration.ofSeconds(60);

	static final String TOPIC = "client";

	static final int MAX_DOCUMENT_PATTERNS = 100;

	private final ApiClientRepository repository;

	private final TokenmintProperties properties;

	private final TokenProfiles profiles;

	private final AdminEvents events;

	private final Clock clock;

	private final Cache<String, ApiClient> byKeyHash;

	/**
	 * Hashes no client holds. Keys are 256 random bits, so a new or replaced key is never among them; caching
	 * misses only keeps a caller repeating one wrong key from costing a database query each time.
	 */
	private final Cache<String, Boolean> unknownKeyHashes;

	private final ClusterEvents cluster;

	ApiClientService(ApiClientRepository repository, TokenmintProperties properties, TokenProfiles profiles, AdminEvents events,
			ClusterEvents cluster, Clock clock, Ticker ticker) {
		this.byKeyHash = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(CACHE_TTL).maximumSize(10_000).build();
		this.unknownKeyHashes = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(MISS_TTL).maximumSize(100_000).build();
		this.repository = repository;
		this.cluster = cluster;
		// Another replica revoked a client or replaced a key: forget what was recognised, here too.
		cluster.subscribe(TOPIC, id -> forgetKeys(), this::forgetKeys);
		this.events = events;
		this.properties = properties;
		this.profiles = profiles;
		this.clock = clock;
	}

	/** The active client holding the key with this hash ({@link ApiKeys#hash}), if any. */
	public Optional<ApiClient> authenticate(String keyHash) {
		ApiClient known = byKeyHash.getIfPresent(keyHash);
		if (known != null) {
			return Optional.of(known);
		}
		if (unknownKeyHashes.getIfPresent(keyHash) != null) {
			return Optional.empty();
		}
		Optional<ApiClient> found = repository.findActiveByKeyHash(keyHash);
		found.ifPresentOrElse(client -> byKeyHash.put(keyHash, client), () -> unknownKeyHashes.put(keyHash, Boolean.TRUE));
		return found;
	}

	/** The client holding this key hash if it was recognised in the last {@link #CACHE_TTL}; never a query. */
	public Optional<ApiClient> recentlyAuthenticated(String keyHash) {
		return Optional.ofNullable(byKeyHash.getIfPresent(keyHash));
	}

	private void forgetKeys() {
		byKeyHash.invalidateAll();
	}

	/** Creates a client and returns it with its key, which is not kept anywhere. */
	@Transactional
	public ClientWithKey create(ClientRequest request) {
		List<Violation> violations = new ArrayList<>();
		TextField.require(request.name(), "/name", 128, violations);
		PermissionSet maxPermissions = null;
		if (request.maxPermissions() == null) {
			violations.add(new Violation(ProblemCode.FIELD_REQUIRED, "/max_permissions", "is required: \"all\" or a list of permission names"));
		}
		else {
			maxPermissions = PermissionSet.parse(request.maxPermissions(), "/max_permissions", violations);
		}
		List<DocumentPattern> documents = new ArrayList<>();
		if (request.documents() == null || request.documents().isEmpty()) {
			violations.add(new Violation(ProblemCode.FIELD_REQUIRED, "/documents", "name at least one document id or pattern; [\"*\"] for all"));
		}
		else if (request.documents().size() > MAX_DOCUMENT_PATTERNS) {
			violations.add(new Violation(ProblemCode.FIELD_TOO_LONG, "/documents", "more than " + MAX_DOCUMENT_PATTERNS + " patterns"));
		}
		else {
			for (int i = 0; i < request.documents().size(); i++) {
				DocumentPattern pattern = DocumentPattern.parse(request.documents().get(i), "/documents/" + i, violations);
				if (pattern != null) {
					documents.add(pattern);
				}
			}
		}
		Duration maxExpiresIn = Lifetimes.parse(request.maxExpiresIn(), "/max_expires_in", properties.defaultExpiresIn(),
				properties.maxExpiresIn(), violations);
		java.util.Set<String> allowedProfiles = ProfileNames.parse(request.profiles(), profiles, violations);
		if (!violations.isEmpty()) {
			throw new InvalidRequest(violations);
		}
		ApiClient client = new ApiClient(UUID.randomUUID().toString(), request.name(), maxPermissions, documents,
				maxExpiresIn, Boolean.TRUE.equals(request.maySetPassword()), allowedProfiles, clock.instant(), null);
		String key = ApiKeys.generate();
		repository.insert(client, ApiKeys.hash(key));
		events.record("client.created", client.id(), Map.of("after", ClientView.of(client)));
		log.info("Created API client {} ({})", client.id(), client.name());
		return new ClientWithKey(client, key);
	}

	public List<ApiClient> list() {
		return repository.findAll();
	}

	public ApiClient get(String id) {
		return repository.findById(id).orElseThrow(ClientNotFound::new);
	}

	/** Revokes at once on this replica, and on every other as soon as it hears of it (at most {@link #CACHE_TTL}). */
	@Transactional
	public void revoke(String id) {
		ApiClient before = get(id);
		if (!repository.revoke(id, clock.instant())) {
			throw new ClientNotFound();
		}
		events.record("client.revoked", id, Map.of("before", ClientView.of(before)));
		cluster.publish(TOPIC, id);
		AfterCommit.invalidate(this::forgetKeys);
		log.info("Revoked API client {}", id);
	}

	/** Gives the client a new key; the old one stops working as {@link #revoke} describes. */
	@Transactional
	public ClientWithKey rotateKey(String id) {
		String key = ApiKeys.generate();
		if (!repository.replaceKey(id, ApiKeys.hash(key))) {
			throw new ClientNotFound();
		}
		events.record("client.key-replaced", id, Map.of("after", Map.of("api_key", "replaced; the old key no longer works")));
		cluster.publish(TOPIC, id);
		AfterCommit.invalidate(this::forgetKeys);
		log.info("Replaced the API key of client {}", id);
		return new ClientWithKey(get(id), key);
	}

	/** A client and the key just made for it. */
	public record ClientWithKey(ApiClient client, String apiKey) {

		@Override
		public String toString() {
			return "ClientWithKey[" + client.id() + "]";
		}

	}

}
