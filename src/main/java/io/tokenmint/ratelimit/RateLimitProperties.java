package io.tokenmint.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Token buckets, kept per replica. Callers are limited on the token endpoints by who they are; callers who
 * are not (yet) anyone are limited by remote address, so that a stranger's pace costs us nothing.
 *
 * @param client for each API client: a backend speaks for many users, so its limit is higher
 * @param user for each end user (identity-provider subject)
 * @param anonymous for each remote address, on the endpoints that need no credentials (health, JWKS, PEM,
 *        API docs)
 * @param failedAuthentication for each remote address, its unknown API keys and invalid bearer tokens; once
 *        it runs dry only keys already recognised in the last seconds get in from that address
 * @param shared keep the callers' buckets in PostgreSQL, shared by every replica (the default there), so that
 *        a limit is the cluster's; {@code false} keeps them per replica. Without PostgreSQL they are always
 *        this replica's
 */
@Validated
@ConfigurationProperties("tokenmint.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @Valid Limit client, @Valid Limit user,
		@Valid Limit anonymous, @Valid Limit failedAuthentication, @DefaultValue("true") boolean shared) {

	public RateLimitProperties {
		client = client == null ? new Limit(500, 1000) : client;
		user = user == null ? new Limit(5, 20) : user;
		anonymous = anonymous == null ? new Limit(20, 100) : anonymous;
		failedAuthentication = failedAuthentication == null ? new Limit(1, 20) : failedAuthentication;
	}

	/** The limit of a caller kind ({@code client} or {@code user}); {@code null} for the admin, who has none. */
	Limit forCallerKind(String kind) {
		return switch (kind) {
			case "client" -> client;
			case "user" -> user;
			default -> null;
		};
	}

	/**
	 * @param perSecond sustained requests per second
	 * @param burst requests allowed at once after a quiet period
	 */
	public record Limit(@Min(1) long perSecond, @Min(1) long burst) {
	}

}
