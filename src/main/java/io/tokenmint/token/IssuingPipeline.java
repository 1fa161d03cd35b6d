package io.tokenmint.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import io.tokenmint.audit.AuditEntry;
import io.tokenmint.audit.AuditLog;
import io.tokenmint.audit.AuditUnavailable;
import io.tokenmint.caller.Caller;
import io.tokenmint.policy.AccessPolicy;
import io.tokenmint.policy.Admission;
import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;
import io.tokenmint.profile.AuditSummary;
import io.tokenmint.profile.Decision;
import io.tokenmint.profile.ProfileRequest;
import io.tokenmint.profile.TokenClaims;
import io.tokenmint.profile.TokenProfile;
import io.tokenmint.profile.TokenProfiles;
import io.tokenmint.signing.TokenSigner;
import io.tokenmint.validation.RequestFields;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The issuing path, the same for every profile and caller: pick the profile, admit the caller to it, read
 * the request, decide, build the claims, sign, audit. Every request that gets this far is audited, issued
 * or refused, and a token is handed back only after its record is committed. Nothing here names a profile.
 */
@Service
class IssuingPipeline {

	private final TokenProfiles profiles;

	private final AccessPolicy policy;

	private final TokenSigner signer;

	private final AuditLog audit;

	private final MeterRegistry meters;

	private final Clock clock;

	IssuingPipeline(TokenProfiles profiles, AccessPolicy policy, TokenSigner signer, AuditLog audit, MeterRegistry meters, Clock clock) {
		this.profiles = profiles;
		this.policy = policy;
		this.signer = signer;
		this.audit = audit;
		this.meters = meters;
		this.clock = clock;
	}

	/** A signed token and how long it lives from now. */
	record Issued(TokenSigner.SignedToken token, Duration lifetime) {
	}

	Issued issue(Caller caller, RequestFields fields, RequestOrigin origin) {
		TokenProfile<?> profile = null;
		// Announced at once, so that a commit starting while this request signs may wait for its record.
		try (var announcement = audit.announce()) {
			profile = profileOf(fields);
			return issue(caller, profile, fields, origin, announcement);
		}
		catch (AuditUnavailable unrecorded) {
			// The record of this very request could not be written: another attempt would not be either.
			throw unrecorded;
		}
		catch (ProblemException refusal) {
			String name = profile != null ? profile.name() : fields.raw("profile") instanceof String raw ? raw : profiles.defaultProfile();
			AuditSummary summary = (profile != null ? profile : profiles.find(profiles.defaultProfile()).orElseThrow()).describe(fields);
			if (caller.userSubject() != null) {
				summary = summary.withUserId(caller.userSubject());
			}
			audit.record(entry(clock.instant(), caller, name, summary, null, AuditEntry.Outcome.REFUSED, refusal.code().name(), origin));
			meters.counter("tokenmint.tokens.refused", "profile", profile != null ? profile.name() : "unknown", "code", refusal.code().name())
				.increment();
			throw refusal;
		}
	}

	private Issued issue(Caller caller, TokenProfile<?> profile, RequestFields fields, RequestOrigin origin,
			AuditLog.Announcement announcement) {
		Decided decided = decide(caller, profile, fields);
		var signed = sign(decided);
		audit.record(entry(decided.at(), caller, profile.name(), decided.claims().audit(), signed, AuditEntry.Outcome.ISSUED, null,
				origin), announcement);
		meters.counter("tokenmint.tokens.issued", "profile", profile.name(), "alg", signed.algorithm().name()).increment();
		return new Issued(signed, decided.lifetime());
	}

	/** A request admitted and decided: the claims of its token, not signed yet. */
	record Decided(TokenProfile<?> profile, Instant at, TokenClaims claims, TokenSigner.UnsignedToken unsigned, Duration lifetime) {
	}

	/**
	 * The first stages, without signing or audit: {@link CostLadder} stops here and after {@link #sign}, to show
	 * what each stage costs; a refusal is thrown unrecorded, so only {@link #issue} may face callers.
	 */
	Decided decide(Caller caller, RequestFields fields) {
		return decide(caller, profileOf(fields), fields);
	}

	private <R extends ProfileRequest> Decided decide(Caller caller, TokenProfile<R> profile, RequestFields fields) {
		Admission admission = policy.admit(caller, profile);
		R request = profile.read(fields);
		Decision decision = admission.decide(request.access());
		TokenClaims claims = profile.claims(request, decision);
		Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
		var unsigned = new TokenSigner.UnsignedToken(UUID.randomUUID().toString(), now.minus(profile.backdating()),
				now.plus(decision.lifetime()), profile.issuer(), claims.asMap());
		return new Decided(profile, now, claims, unsigned, decision.lifetime());
	}

	TokenSigner.SignedToken sign(Decided decided) {
		return signer.sign(decided.profile().name(), decided.profile().algorithm(), decided.profile().keyId(), decided.unsigned());
	}

	private TokenProfile<?> profileOf(RequestFields fields) {
		String name = fields.string("profile");
		if (!fields.violations().isEmpty()) {
			throw new InvalidRequest(List.copyOf(fields.violations()));
		}
		if (name == null) {
			name = profiles.defaultProfile();
		}
		return profiles.find(name)
			.orElseThrow(() -> new InvalidRequest(ProblemCode.UNKNOWN_PROFILE, "/profile", "not a profile this service offers"));
	}

	private static AuditEntry entry(Instant at, Caller caller, String profile, AuditSummary summary,
			TokenSigner.@Nullable SignedToken signed, AuditEntry.Outcome outcome, @Nullable String refusalCode, RequestOrigin origin) {
		return new AuditEntry(at, caller.kind(), caller.id(), profile, summary.documentId(), summary.layer(), summary.userId(),
				summary.permissions(), summary.collaborationPermissions(), signed == null ? null : signed.jti(),
				signed == null ? null : signed.kid(), signed == null ? null : signed.expiresAt(), outcome, refusalCode,
				origin.remoteAddress(), origin.userAgent());
	}

}
