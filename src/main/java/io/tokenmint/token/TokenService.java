package io.tokenmint.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.audit.AuditEntry;
import io.tokenmint.audit.AuditLog;
import io.tokenmint.client.ClientScopePolicy;
import io.tokenmint.policy.GrantPolicy;
import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;
import io.tokenmint.problem.RequestRefused;
import io.tokenmint.problem.Violation;
import io.tokenmint.profile.CollaborationRule;
import io.tokenmint.profile.CustomProfile;
import io.tokenmint.profile.InstantClaims;
import io.tokenmint.profile.InstantDecision;
import io.tokenmint.profile.InstantRequestValidator;
import io.tokenmint.profile.Lifetimes;
import io.tokenmint.profile.MoEngageClaims;
import io.tokenmint.profile.RequestFields;
import io.tokenmint.profile.TextField;
import io.tokenmint.profile.TokenProfiles;
import io.tokenmint.signing.TokenSigner;
import io.tokenmint.web.Caller;

import org.springframework.stereotype.Service;

/**
 * The issuing path: pick the profile, validate, decide, build claims, sign, audit. Every request that gets
 * this far is audited, issued or refused, and a token is handed back only after its record is committed.
 */
@Service
class TokenService {

	private final TokenProfiles profiles;

	private final InstantRequestValidator instantValidator;

	private final ClientScopePolicy clientPolicy;

	private final GrantPolicy grantPolicy;

	private final TokenSigner signer;

	private final AuditLog audit;

	private final TokenmintProperties properties;

	private final MeterRegistry meters;

	private final Clock clock = Clock.systemUTC();

	TokenService(TokenProfiles profiles, InstantRequestValidator instantValidator, ClientScopePolicy clientPolicy,
			GrantPolicy grantPolicy, TokenSigner signer, AuditLog audit, TokenmintProperties properties, MeterRegistry meters) {
		this.meters = meters;
		this.profiles = profiles;
		this.instantValidator = instantValidator;
		this.clientPolicy = clientPolicy;
		this.grantPolicy = grantPolicy;
		this.signer = signer;
		this.audit = audit;
		this.properties = properties;
	}

	TokenSigner.SignedToken issue(Caller caller, RequestFields fields, RequestOrigin origin) {
		Prepared prepared;
		try {
			prepared = prepare(caller, fields);
		}
		catch (ProblemException refusal) {
			AuditEntry entry = refused(caller, fields, origin, refusal.code());
			audit.record(entry);
			meters.counter("tokenmint.tokens.refused", "profile", profiles.names().contains(entry.profile()) ? entry.profile() : "unknown",
					"code", refusal.code().name()).increment();
			throw refusal;
		}
		Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
		var unsigned = new TokenSigner.UnsignedToken(UUID.randomUUID().toString(), now, now.plus(prepared.lifetime()),
				prepared.issuer(), prepared.claims());
		var signed = signer.sign(profiles.algorithm(prepared.profile()), profiles.keyId(prepared.profile()), unsigned);
		audit.record(new AuditEntry(now, caller.kind(), caller.id(), prepared.profile(), prepared.documentId(), prepared.layer(),
				prepared.userId(), prepared.permissions(), prepared.collaborationPermissions(), signed.jti(), signed.kid(),
				signed.expiresAt(), AuditEntry.Outcome.ISSUED, null, origin.remoteAddress(), origin.userAgent()));
		meters.counter("tokenmint.tokens.issued", "profile", prepared.profile(), "alg", signed.algorithm().name()).increment();
		return signed;
	}

	private Prepared prepare(Caller caller, RequestFields fields) {
		if (caller instanceof Caller.Admin) {
			throw new RequestRefused(ProblemCode.ACCESS_DENIED, "The admin key manages tokenmint; it is not issued tokens.");
		}
		String profile = profileOf(fields);
		if (profile.equals(TokenProfiles.INSTANT)) {
			return instant(caller, fields);
		}
		if (profile.equals(MoEngageClaims.PROFILE)) {
			return moengage(caller, fields);
		}
		return custom(caller, fields, profiles.custom(profile).orElseThrow());
	}

	private String profileOf(RequestFields fields) {
		String profile = fields.string("profile");
		if (!fields.violations().isEmpty()) {
			throw new InvalidRequest(List.copyOf(fields.violations()));
		}
		if (profile == null) {
			return profiles.defaultProfile();
		}
		if (!profiles.names().contains(profile)) {
			throw new InvalidRequest(ProblemCode.UNKNOWN_PROFILE, "/profile", "not a profile this service offers");
		}
		return profile;
	}

	private Prepared instant(Caller caller, RequestFields fields) {
		var request = instantValidator.validate(fields);
		InstantDecision decision;
		if (caller instanceof Caller.Client client) {
			decision = clientPolicy.decide(client.client(), request);
		}
		else {
			var user = (Caller.EndUser) caller;
			decision = grantPolicy.decide(user.subject(), user.groups(), user.name(), request);
		}
		return new Prepared(TokenProfiles.INSTANT, issuer(null), InstantClaims.from(decision), decision.lifetime(),
				decision.documentId(), decision.layer(), decision.userId(), decision.permissions().names(),
				decision.collaborationRules() == null ? null
						: decision.collaborationRules().stream().map(CollaborationRule::toString).toList());
	}

	private Prepared moengage(Caller caller, RequestFields fields) {
		fields.accept("profile");
		String userId = fields.string("user_id");
		Duration requested = lifetime(fields, properties.maxExpiresIn());
		fields.refuseUnread(MoEngageClaims.PROFILE);
		List<Violation> violations = new ArrayList<>(fields.violations());
		if (caller instanceof Caller.Client) {
			TextField.require(userId, "/user_id", InstantRequestValidator.MAX_ID_LENGTH, violations);
		}
		else {
			TextField.check(userId, "/user_id", InstantRequestValidator.MAX_ID_LENGTH, violations);
		}
		if (!violations.isEmpty()) {
			throw new InvalidRequest(violations);
		}
		var moengage = profiles.moengage();
		String subject;
		Duration lifetime;
		if (caller instanceof Caller.Client client) {
			subject = userId;
			lifetime = clientPolicy.decideProfile(client.client(), MoEngageClaims.PROFILE, requested, moengage.defaultExpiresIn());
		}
		else {
			var user = (Caller.EndUser) caller;
			if (userId != null && !userId.equals(user.subject())) {
				throw new RequestRefused(ProblemCode.USER_ID_MISMATCH, "user_id must be your own subject, or left out.");
			}
			subject = user.subject();
			lifetime = grantPolicy.decideProfile(user.subject(), user.groups(), MoEngageClaims.PROFILE, requested,
					moengage.defaultExpiresIn());
		}
		return new Prepared(MoEngageClaims.PROFILE, issuer(moengage.issuer()), MoEngageClaims.from(subject, moengage.audience()),
				lifetime, null, null, subject, null, null);
	}

	private Prepared custom(Caller caller, RequestFields fields, CustomProfile profile) {
		fields.accept("profile");
		Duration requested = lifetime(fields, profile.maxExpiresIn());
		// The right to the profile comes first: a caller without it learns nothing of the profile's fields.
		Duration lifetime;
		if (caller instanceof Caller.Client client) {
			lifetime = clientPolicy.decideProfile(client.client(), profile.name(), requested, profile.defaultExpiresIn());
		}
		else {
			var user = (Caller.EndUser) caller;
			lifetime = grantPolicy.decideProfile(user.subject(), user.groups(), profile.name(), requested, profile.defaultExpiresIn());
		}
		Map<String, Object> identity = caller instanceof Caller.EndUser user ? user.claims() : null;
		Map<String, Object> claims = profile.claims(fields, identity);
		String userId = caller instanceof Caller.EndUser user ? user.subject() : claims.get("sub") instanceof String sub ? sub : null;
		if (lifetime.compareTo(profile.maxExpiresIn()) > 0) {
			lifetime = profile.maxExpiresIn();
		}
		return new Prepared(profile.name(), issuer(profile.issuer()), claims, lifetime, null, null, userId, null, null);
	}

	/** Reads expires_in, which every profile takes; {@code null} for the profile's default. */
	private static Duration lifetime(RequestFields fields, Duration max) {
		List<Violation> violations = new ArrayList<>();
		Duration lifetime = Lifetimes.parse(fields.integer("expires_in"), "/expires_in", null, max, violations);
		if (!violations.isEmpty()) {
			throw new InvalidRequest(violations);
		}
		return lifetime;
	}

	private String issuer(String profileIssuer) {
		if (profileIssuer != null && !profileIssuer.isBlank()) {
			return profileIssuer;
		}
		return properties.hasIssuer() ? properties.issuer() : null;
	}

	private AuditEntry refused(Caller caller, RequestFields fields, RequestOrigin origin, ProblemCode code) {
		Object profile = fields.raw("profile");
		return new AuditEntry(clock.instant(), caller.kind(), caller.id(),
				profile instanceof String name ? name : profiles.defaultProfile(), text(fields, "document_id"),
				text(fields, "layer"), caller instanceof Caller.EndUser user ? user.subject() : text(fields, "user_id"), null,
				fields.raw("collaboration_permissions") instanceof List<?> rules
						? rules.stream().map(String::valueOf).toList() : null,
				null, null, null, AuditEntry.Outcome.REFUSED, code.name(), origin.remoteAddress(), origin.userAgent());
	}

	private static String text(RequestFields fields, String name) {
		return fields.raw(name) instanceof String value ? value : null;
	}

	/** What a profile and the policy decided, ready to sign and audit. */
	private record Prepared(String profile, String issuer, Map<String, Object> claims, Duration lifetime, String documentId,
			String layer, String userId, List<String> permissions, List<String> collaborationPermissions) {
	}

}
