package io.tokenmint.profile;

import java.time.Duration;
import java.util.Map;

import io.tokenmint.signing.TokenAlgorithm;
import io.tokenmint.validation.RequestFields;

import org.jspecify.annotations.Nullable;

/**
 * One consumer's tokens: the request fields it reads, the claims it builds, how it signs and what
 * {@code /tokens/verify} checks for it. The issuing pipeline and the verifier call these and never ask which
 * profile they hold; a new consumer is a new implementation and its registration in {@link TokenProfiles}.
 *
 * @param <R> the profile's own validated request
 */
public interface TokenProfile<R extends ProfileRequest> {

	/** The name requests, clients and grants use. */
	String name();

	TokenAlgorithm algorithm();

	/** A key bound to this profile alone, or {@code null} for the algorithm's active key. */
	@Nullable String keyId();

	/** The {@code iss} claim, or {@code null} for none. */
	@Nullable String issuer();

	/** The {@code aud} claim, or {@code null} for none. */
	@Nullable String audience();

	Duration defaultLifetime();

	Duration maxLifetime();

	/**
	 * How far {@code iat} and {@code nbf} are set back, for consumers whose clocks run behind ours (a token
	 * "not yet valid" there is refused).
	 */
	default Duration backdating() {
		return Duration.ZERO;
	}

	/**
	 * Reads and validates the request's fields. Fields it does not read are unknown to it.
	 * @throws io.tokenmint.problem.InvalidRequest listing every problem found
	 */
	R read(RequestFields fields);

	/**
	 * Builds the claims from what was asked and what the policy decided.
	 * @throws io.tokenmint.problem.ProblemException when a value the decision brings breaks a rule
	 */
	TokenClaims claims(R request, Decision decision);

	/** What the audit records of a request refused before a decision, from its raw fields. */
	AuditSummary describe(RequestFields fields);

	/** Whether a token with these claims looks like one of this profile's, for verify without a profile. */
	default boolean recognises(Map<String, Object> claims) {
		return false;
	}

	/** The profile's own checks of a token's header and claims, beyond signature, times, issuer and audience. */
	void check(TokenFacts token, Findings findings);

	/** A finding in the words the consumer's SDK uses for it, where it has its own. */
	default Finding inConsumerTerms(Finding finding) {
		return finding;
	}

	/** The documented shape of its request body, for the OpenAPI document. */
	Class<?> requestSchema();

	/**
	 * Whether its tokens open documents, so that a client for it needs {@code documents} and
	 * {@code max_permissions}; SDK user profiles open none.
	 */
	default boolean opensDocuments() {
		return false;
	}

}
