package io.tokenmint.client;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;
import io.tokenmint.profile.Lifetimes;
import io.tokenmint.profile.PermissionSet;
import io.tokenmint.profile.ProfileNames;
import io.tokenmint.profile.TextField;
import io.tokenmint.profile.TokenProfiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, lists and revokes API clients, and recognises their keys. Recognised keys are cached for at
 * most {@link #CACHE_TTL}, which bounds how long a key revoked on another replica keeps working.
 */
@Service
public class ApiClientService {

	private static final Logger log = LoggerFactory.getLogger(ApiClientService.class);

	static final Duration CACHE_TTL = Duration.ofSeconds(4);

	static final int MAX_DOCUMENT_PATTERNS = 100;

	private final ApiClientRepository repository;

	private final TokenmintProperties properties;

	private final TokenProfiles profiles;

	private final Clock clock;

	private final Cache<String, ApiClient> byKeyHash = Caffeine.newBuilder()
		.expireAfterWrite(CACHE_TTL)
		.maximumSize(10_000)
		.build();

	ApiClientService(ApiClientRepository repository, TokenmintProperties properties, TokenProfiles profiles) {
		this.repository = repository;
		this.properties = properties;
		this.profiles = profiles;
		this.clock = Clock.systemUTC();
	}

	/** The active client holding this key, if any. Misses are not cached, so a new client works at once. */
	public Optional<ApiClient> authenticate(String apiKey) {
		return Optional.ofNullable(byKeyHash.get(ApiKeys.hash(apiKey), hash -> repository.findActiveByKeyHash(hash).orElse(null)));
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
		log.info("Created API client {} ({})", client.id(), client.name());
		return new ClientWithKey(client, key);
	}

	public List<ApiClient> list() {
		return repository.findAll();
	}

	public ApiClient get(String id) {
		return repository.findById(id).orElseThrow(ClientNotFound::new);
	}

	/** Revokes at once on this replica, and within {@link #CACHE_TTL} on every other. */
	@Transactional
	public void revoke(String id) {
		if (!repository.revoke(id, clock.instant())) {
			throw new ClientNotFound();
		}
		byKeyHash.invalidateAll();
		log.info("Revoked API client {}", id);
	}

	/** Gives the client a new key; the old one stops working as {@link #revoke} describes. */
	@Transactional
	public ClientWithKey rotateKey(String id) {
		String key = ApiKeys.generate();
		if (!repository.replaceKey(id, ApiKeys.hash(key))) {
			throw new ClientNotFound();
		}
		byKeyHash.invalidateAll();
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
