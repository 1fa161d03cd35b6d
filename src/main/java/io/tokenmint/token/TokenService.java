package io.tokenmint.token;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.audit.AuditEntry;
import io.tokenmint.audit.AuditLog;
import io.tokenmint.client.ClientScopePolicy;
import io.tokenmint.policy.GrantPolicy;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;
import io.tokenmint.problem.RequestRefused;
import io.tokenmint.profile.CollaborationRule;
import io.tokenmint.profile.InstantClaims;
import io.tokenmint.profile.InstantDecision;
import io.tokenmint.profile.InstantRequest;
import io.tokenmint.profile.InstantRequestValidator;
import io.tokenmint.profile.ProfileProperties;
import io.tokenmint.signing.TokenSigner;
import io.tokenmint.web.Caller;

import org.springframework.stereotype.Service;

/**
 * The issuing path: validate, decide, build claims, sign, audit. Every request that gets this far is
 * audited, issued or refused, and a token is handed back only after its record is committed.
 */
@Service
class TokenService {

	static final String PROFILE = "instant";

	private final InstantRequestValidator validator;

	private final ClientScopePolicy clientPolicy;

	private final GrantPolicy grantPolicy;

	private final TokenSigner signer;

	private final AuditLog audit;

	private final ProfileProperties profiles;

	private final String issuer;

	private final Clock clock = Clock.systemUTC();

	TokenService(InstantRequestValidator validator, ClientScopePolicy clientPolicy, GrantPolicy grantPolicy,
			TokenSigner signer, AuditLog audit, ProfileProperties profiles, TokenmintProperties properties) {
		this.validator = validator;
		this.clientPolicy = clientPolicy;
		this.grantPolicy = grantPolicy;
		this.signer = signer;
		this.audit = audit;
		this.profiles = profiles;
		this.issuer = properties.hasIssuer() ? properties.issuer() : null;
	}

	TokenSigner.SignedToken issue(Caller caller, InstantRequest.Raw raw, RequestOrigin origin) {
		InstantDecision decision;
		try {
			decision = decide(caller, validator.validate(raw));
		}
		catch (ProblemException refusal) {
			audit.record(refused(caller, raw, origin, refusal.code()));
			throw refusal;
		}
		Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
		var unsigned = new TokenSigner.UnsignedToken(UUID.randomUUID().toString(), now, now.plus(decision.lifetime()),
				issuer, InstantClaims.from(decision));
		var signed = signer.sign(profiles.instant().algorithm(), unsigned);
		audit.record(new AuditEntry(now, caller.kind(), caller.id(), PROFILE, decision.documentId(), decision.layer(),
				decision.userId(), decision.permissions().names(),
				decision.collaborationRules() == null ? null
						: decision.collaborationRules().stream().map(CollaborationRule::toString).toList(),
				signed.jti(), signed.kid(), signed.expiresAt(), AuditEntry.Outcome.ISSUED, null, origin.remoteAddress(),
				origin.userAgent()));
		return signed;
	}

	private InstantDecision decide(Caller caller, InstantRequest request) {
		if (caller instanceof Caller.Client client) {
			return clientPolicy.decide(client.client(), request);
		}
		if (caller instanceof Caller.EndUser user) {
			return grantPolicy.decide(user.subject(), user.groups(), user.name(), request);
		}
		throw new RequestRefused(ProblemCode.ACCESS_DENIED, "This caller cannot be issued tokens.");
	}

	private AuditEntry refused(Caller caller, InstantRequest.Raw raw, RequestOrigin origin, ProblemCode code) {
		return new AuditEntry(clock.instant(), caller.kind(), caller.id(), PROFILE, raw.documentId(), raw.layer(),
				raw.userId(), null, raw.collaborationPermissions(), null, null, null, AuditEntry.Outcome.REFUSED,
				code.name(), origin.remoteAddress(), origin.userAgent());
	}

}
