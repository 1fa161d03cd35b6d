package io.tokenmint.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import io.tokenmint.profile.TokenProfile;
import io.tokenmint.profile.TokenProfiles;
import io.tokenmint.validation.Lifetimes;
import io.tokenmint.validation.TextField;

import org.jspecify.annotations.Nullable;
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
		ApiClient client = scoped(request, null, UUID.randomUUID().toString(), clock.instant());
		String key = ApiKeys.generate();
		repository.insert(client, ApiKeys.hash(key));
		events.record("client.created", client.id(), Map.of("after", ClientView.of(client)));
		log.info("Created API client {} ({})", client.id(), client.name());
		return new ClientWithKey(client, key);
	}

	/**
	 * Changes a client's scope (and name): the fields the request holds replace the client's, those it leaves out (or
	 * sends as an empty list) stay. Its key stays too, and from the next request on it is held to the new scope, on
	 * every replica as soon as it hears of it (at most {@link #CACHE_TTL}).
	 */
	@Transactional
	public ApiClient update(String id, ClientRequest request) {
		ApiClient before = get(id);
		if (before.revokedAt() != null) {
			throw new ClientNotFound();
		}
		ApiClient after = scoped(request, before, before.id(), before.createdAt());
		if (!repository.update(after)) {
			throw new ClientNotFound();
		}
		events.record("client.updated", id, Map.of("before", ClientView.of(before), "after", ClientView.of(after)));
		cluster.publish(TOPIC, id);
		AfterCommit.invalidate(this::forgetKeys);
		log.info("Changed the scope of API client {}", id);
		return after;
	}

	/**
	 * The client a request describes, every field checked; a field left out is taken from {@code base} (an update) or
	 * its default. {@code documents} and {@code max_permissions} are needed only by a client of a profile whose tokens
	 * open documents ({@code instant}); a client for MoEngage or Braze alone may grant no document at all.
	 */
	private ApiClient scoped(ClientRequest request, @Nullable ApiClient base, String id, Instant createdAt) {
		List<Violation> violations = new ArrayList<>();
		String name = request.name() != null || base == null ? request.name() : base.name();
		TextField.require(name, "/name", 128, violations);
		Set<String> allowedProfiles = request.profiles() != null && !request.profiles().isEmpty() || base == null
				? ProfileNames.parse(request.profiles(), profiles, violations) : base.profiles();
		boolean opensDocuments = allowedProfiles != null && allowedProfiles.stream()
			.anyMatch(profile -> profiles.find(profile).map(TokenProfile::opensDocuments).orElse(false));
		PermissionSet maxPermissions = request.maxPermissions() != null
				? PermissionSet.parse(request.maxPermissions(), "/max_permissions", violations)
				: base != null ? base.maxPermissions() : PermissionSet.NONE;
		if (opensDocuments && request.maxPermissions() == null && PermissionSet.NONE.equals(maxPermissions)) {
			violations.add(new Violation(ProblemCode.FIELD_REQUIRED, "/max_permissions", "is required for a client of "
					+ documentProfiles(allowedProfiles) + ": [\"all\"] or a list of permission names"));
		}
		List<DocumentPattern> documents = documents(request.documents(), violations);
		if (documents == null) {
			documents = base != null ? base.documents() : List.of();
		}
		if (opensDocuments && documents.isEmpty() && violations.stream().noneMatch(v -> v.pointer().startsWith("/documents"))) {
			violations.add(new Violation(ProblemCode.FIELD_REQUIRED, "/documents", "is required for a client of "
					+ documentProfiles(allowedProfiles) + ": name at least one document id or pattern; [\"*\"] for all"));
		}
		Duration maxExpiresIn = request.maxExpiresIn() == null && base != null ? base.maxExpiresIn()
				: Lifetimes.parse(request.maxExpiresIn(), "/max_expires_in", properties.defaultExpiresIn(), properties.maxExpiresIn(), violations);
		boolean maySetPassword = request.maySetPassword() != null ? request.maySetPassword() : base != null && base.maySetPassword();
		if (!violations.isEmpty()) {
			throw new InvalidRequest(violations);
		}
		return new ApiClient(id, name, maxPermissions, documents, maxExpiresIn, maySetPassword, allowedProfiles, createdAt, null);
	}

	/** The patterns named, checked; {@code null} when none are (left out, or an empty list). */
	private static @Nullable List<DocumentPattern> documents(@Nullable List<String> named, List<Violation> violations) {
		if (named == null || named.isEmpty()) {
			return null;
		}
		if (named.size() > MAX_DOCUMENT_PATTERNS) {
			violations.add(new Violation(ProblemCode.FIELD_TOO_LONG, "/documents", "more than " + MAX_DOCUMENT_PATTERNS + " patterns"));
			return List.of();
		}
		List<DocumentPattern> documents = new ArrayList<>();
		for (int i = 0; i < named.size(); i++) {
			DocumentPattern pattern = DocumentPattern.parse(named.get(i), "/documents/" + i, violations);
			if (pattern != null) {
				documents.add(pattern);
			}
		}
		return documents;
	}

	private String documentProfiles(Set<String> allowed) {
		return allowed.stream().filter(profile -> profiles.find(profile).map(TokenProfile::opensDocuments).orElse(false)).sorted().toList()
			.toString();
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
