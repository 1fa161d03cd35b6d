package io.tokenmint.web;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.tokenmint.profile.InstantRequestValidator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Reads an identity-provider token into an {@link Caller.EndUser}. Boot's resource-server decoder checks
 * signature, expiry and issuer; the validator here adds {@code tokenmint.users.audience} and a usable
 * {@code sub}, since the user's id in every token we issue comes from it.
 */
@Configuration(proxyBeanMethods = false)
class EndUserTokens {

	private static final int MAX_GROUPS = 200;

	@Bean
	OAuth2TokenValidator<Jwt> endUserTokenValidator(UsersProperties users) {
		return jwt -> {
			String subject = jwt.getSubject();
			if (subject == null || subject.isBlank() || subject.length() > InstantRequestValidator.MAX_ID_LENGTH) {
				return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The token has no usable sub", null));
			}
			if (users.audience() != null && !users.audience().isBlank()
					&& (jwt.getAudience() == null || !jwt.getAudience().contains(users.audience()))) {
				return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The token is not meant for tokenmint (aud)", null));
			}
			return OAuth2TokenValidatorResult.success();
		};
	}

	static Converter<Jwt, AbstractAuthenticationToken> converter(UsersProperties users) {
		return jwt -> new CallerAuthentication(new Caller.EndUser(jwt.getSubject(), groups(jwt.getClaim(users.groupsClaim())),
				name(jwt.getClaim(users.nameClaim())), jwt.getClaims()));
	}

	private static Set<String> groups(Object claim) {
		Collection<?> raw = claim instanceof Collection<?> list ? list
				: claim instanceof String text ? List.of(text.trim().split("\\s+")) : List.of();
		Set<String> groups = new LinkedHashSet<>();
		for (Object group : raw) {
			if (group instanceof String name && !name.isBlank() && name.length() <= InstantRequestValidator.MAX_ID_LENGTH
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
		io.tokenmint.profile.TextField.check(name, "/name", InstantRequestValidator.MAX_ID_LENGTH, violations);
		return violations.isEmpty() ? name : null;
	}

}
