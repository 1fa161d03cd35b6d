package io.tokenmint.policy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;

import io.tokenmint.AfterCommit;
import io.tokenmint.TokenmintProperties;
import io.tokenmint.audit.AdminEvents;
import io.tokenmint.cluster.ClusterEvents;
import io.tokenmint.document.CollaborationRule;
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
 * Stores grants and finds those that apply to a user. A change reaches every replica through
 * {@link ClusterEvents} at once; look-ups are cached per subject for at most {@link #CACHE_TTL} all the
 * same, the bound should a replica miss the news.
 */
@Service
class GrantService {

	private static final Logger log = LoggerFactory.getLogger(GrantService.class);

	static final Duration CACHE_TTL = Duration.ofSeconds(4);

	static final String TOPIC = "grant";

	private final GrantRepository repository;

	private final TokenmintProperties properties;

	private final TokenProfiles profiles;

	private final AdminEvents events;

	private final Clock clock;

	private final LoadingCache<String, List<Grant>> bySubject;

	private final ClusterEvents cluster;

	GrantService(GrantRepository repository, TokenmintProperties properties, TokenProfiles profiles, AdminEvents events,
			ClusterEvents cluster, Clock clock, Ticker ticker) {
		this.clock = clock;
		this.repository = repository;
		this.cluster = cluster;
		this.events = events;
		this.properties = properties;
		this.profiles = profiles;
		this.bySubject = Caffeine.newBuilder()
			.ticker(ticker)
			.expireAfterWrite(CACHE_TTL)
			.maximumSize(100_000)
			.build(new com.github.benmanes.caffeine.cache.CacheLoader<>() {

				@Override
				public List<Grant> load(String subject) {
					return GrantService.this.loadAll(List.of(subject)).get(subject);
				}

				@Override
				public Map<String, List<Grant>> loadAll(java.util.Set<? extends String> subjects) {
					return GrantService.this.loadAll(subjects);
				}

			});
		cluster.subscribe(TOPIC, bySubject::invalidate, bySubject::invalidateAll);
	}

	private Map<String, List<Grant>> loadAll(Collection<? extends String> subjects) {
		Map<String, List<Grant>> grants = new java.util.HashMap<>();
		subjects.forEach(subject -> grants.put(subject, new ArrayList<>()));
		repository.findBySubjects(List.copyOf(subjects)).forEach(grant -> grants.get(grant.subject()).add(grant));
		return grants;
	}

	/** Every grant held by any of these subjects, in the order the subjects are given. */
	List<Grant> grantsOf(List<String> subjects) {
		Map<String, List<Grant>> found = bySubject.getAll(subjects);
		return subjects.stream().flatMap(subject -> found.getOrDefault(subject, List.of()).stream()).toList();
	}

	@Transactional
	Grant create(GrantRequest request) {
		List<Violation> violations = new ArrayList<>();
		String subject = request.subject();
		if (subject == null) {
			violations.add(new Violation(ProblemCode.FIELD_REQUIRED, "/subject", "is required: user:<id> or group:<name>"));
		}
		else if (!(subject.startsWith("user:") || subject.startsWith("group:"))) {
			violations.add(new Violation(ProblemCode.INVALID_SUBJECT, "/subject", "must be user:<id> or group:<name>"));
		}
		else {
			String name = subject.substring(subject.indexOf(':') + 1);
			if (name.isEmpty()) {
				violations.add(new Violation(ProblemCode.INVALID_SUBJECT, "/subject", "names no user or group"));
			}
			TextField.check(name.isEmpty() ? null : name, "/subject", TextField.MAX_ID_LENGTH, violations);
		}
		DocumentPattern document = DocumentPattern.parse(request.documentId(), "/document_id", violations);
		String layer = request.layer();
		if (layer != null && !Grant.ANY_LAYER.equals(layer)) {
			TextField.check(layer, "/layer", TextField.MAX_ID_LENGTH, violations);
		}
		PermissionSet permissions = null;
		if (request.permissions() == null) {
			violations.add(new Violation(ProblemCode.FIELD_REQUIRED, "/permissions", "is required: \"all\" or a list of permission names"));
		}
		else {
			permissions = PermissionSet.parse(request.permissions(), "/permissions", violations);
		}
		List<CollaborationRule> rules = CollaborationRule.parseAll(request.collaborationPermissions(), "/collaboration_permissions", violations);
		TextField.check(request.defaultGroup(), "/default_group", TextField.MAX_ID_LENGTH, violations);
		Duration maxExpiresIn = Lifetimes.parse(request.maxExpiresIn(), "/max_expires_in", properties.defaultExpiresIn(),
				properties.maxExpiresIn(), violations);
		Set<String> grantedProfiles = ProfileNames.parse(request.profiles(), profiles, violations);
		if (!violations.isEmpty()) {
			throw new InvalidRequest(violations);
		}
		Grant grant = new Grant(UUID.randomUUID().toString(), subject, document, layer, permissions, rules,
				request.defaultGroup(), maxExpiresIn, grantedProfiles, clock.instant());
		repository.insert(grant);
		events.record("grant.created", grant.id(), Map.of("after", GrantView.of(grant)));
		cluster.publish(TOPIC, subject);
		AfterCommit.invalidate(() -> bySubject.invalidate(subject));
		log.info("Created grant {} for {}", grant.id(), subject);
		return grant;
	}

	/** Grants, optionally only a subject's, optionally only those covering a document id. */
	List<Grant> list(String subject, String documentId) {
		return repository.findAll(subject).stream()
			.filter(grant -> documentId == null || grant.document().matches(documentId))
			.toList();
	}

	Grant get(String id) {
		return repository.findById(id).orElseThrow(GrantNotFound::new);
	}

	@Transactional
	void delete(String id) {
		Grant grant = get(id);
		if (!repository.delete(id)) {
			throw new GrantNotFound();
		}
		events.record("grant.deleted", id, Map.of("before", GrantView.of(grant)));
		cluster.publish(TOPIC, grant.subject());
		AfterCommit.invalidate(() -> bySubject.invalidate(grant.subject()));
		log.info("Deleted grant {} of {}", id, grant.subject());
	}

}
