package io.tokenmint.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.tokenmint.ConfigurationProblem;
import io.tokenmint.caller.Caller;
import io.tokenmint.validation.TextField;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Reads an identity-provider token into an {@link Caller.EndUser}. Boot's resource-server decoder checks
 * signature, expiry and (with {@code issuer-uri}) issuer; the validator here adds {@code tokenmint.users.issuer},
 * {@code tokenmint.users.audience} and a usable {@code sub}, since the user's id in every token we issue comes
 * from it.
 */
@Configuration(proxyBeanMethods = false)
class EndUserTokens {

	private static final Logger log = LoggerFactory.getLogger(EndUserTokens.class);

	private static final int MAX_GROUPS = 200;

	@Bean
	OAuth2TokenValidator<Jwt> endUserTokenValidator(UsersProperties users) {
		return jwt -> {
			String subject = jwt.getSubject();
			if (subject == null || subject.isBlank() || subject.length() > TextField.MAX_ID_LENGTH) {
				return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The token has no usable sub", null));
			}
			if (users.checksIssuer() && !users.issuer().equals(jwt.getClaimAsString("iss"))) {
				return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The token is from another issuer", null));
			}
			if (users.checksAudience() && !holds(jwt.getClaims().get(users.audienceClaim()), users.audience())) {
				return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The token is not meant for tokenmint (aud)", null));
			}
			return OAuth2TokenValidatorResult.success();
		};
	}

	private static boolean holds(Object claim, String expected) {
		return expected.equals(claim) || (claim instanceof Collection<?> values && values.contains(expected));
	}

	/**
	 * Refuses to start an identity-provider set-up that checks no issuer or no audience, unless the operator
	 * said so explicitly: then it says so loudly at every start.
	 */
	@Bean
	SmartInitializingSingleton endUserModeIsSafe(ObjectProvider<JwtDecoder> identityProvider, UsersProperties users,
			Environment environment) {
		return () -> {
			if (identityProvider.getIfAvailable() == null) {
				return;
			}
			boolean issuerChecked = users.checksIssuer()
					|| !environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "").isBlank();
			boolean audienceChecked = users.checksAudience()
					|| !environment.getProperty("spring.security.oauth2.resourceserver.jwt.audiences", "").isBlank();
			if (!issuerChecked && !users.allowAnyIssuer()) {
				throw new ConfigurationProblem("tokenmint.users.issuer", null, "with an identity provider configured, the issuer of its "
						+ "tokens is checked: otherwise any token signed by the provider's keys would do",
						"Set spring.security.oauth2.resourceserver.jwt.issuer-uri or tokenmint.users.issuer (or, knowingly, "
								+ "tokenmint.users.allow-any-issuer=true).");
			}
			if (!audienceChecked && !users.allowAnyAudience()) {
				throw new ConfigurationProblem("tokenmint.users.audience", null, "with an identity provider configured, the audience of "
						+ "its tokens is checked: otherwise a token it issued to any other app would get this user's tokens",
						"Set tokenmint.users.audience to the value your provider puts in aud (or tokenmint.users.audience-claim) for "
								+ "tokenmint (or, knowingly, tokenmint.users.allow-any-audience=true).");
			}
			if (!issuerChecked) {
				log.warn("SECURITY: tokenmint.users.allow-any-issuer=true: identity tokens are accepted whatever their issuer");
			}
			if (!audienceChecked) {
				log.warn("SECURITY: tokenmint.users.allow-any-audience=true: identity tokens the provider issued to any of "
						+ "its clients get this service's tokens for their user");
			}
		};
	}

	static Converter<Jwt, AbstractAuthenticationToken> converter(UsersProperties users) {
		return jwt -> new CallerAuthentication(new Caller.EndUser(jwt.getSubject(), groups(jwt.getClaim(users.groupsClaim())),
				name(jwt.getClaim(users.nameClaim())), jwt.getClaims()));
	}

	/** A string is one group: group names such as "Finance Admins" hold spaces. */
	private static Set<String> groups(Object claim) {
		Collection<?> raw = claim instanceof Collection<?> list ? list : claim instanceof String text ? List.of(text) : List.of();
		Set<String> groups = new LinkedHashSet<>();
		for (Object group : raw) {
			if (group instanceof String name && !name.isBlank() && name.length() <= TextField.MAX_ID_LENGTH
					&& groups.size() < MAX_GROUPS) {
				groups.add(name);
			}
		}
		return groups;
	}

	private static String name(Object claim) {
		if (!(claim instanceof String name)) {
			return null;
		}
		List<io.tokenmint.problem.Violation> violations = new java.util.ArrayList<>();
		io.tokenmint.validation.TextField.check(name, "/name", TextField.MAX_ID_LENGTH, violations);
		return violations.isEmpty() ? name : null;
	}

}
