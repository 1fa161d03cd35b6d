package io.tokenmint.console;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Decides who among the identity provider's users is a tokenmint admin: those whose {@code admin-claim} (a
 * dotted path such as Keycloak's {@code realm_access.roles} works too) holds {@code admin-group}. Anyone else
 * is refused at sign-in, so no session is ever made for them.
 */
final class IdentityProviderAdmins implements OAuth2UserService<OidcUserRequest, OidcUser> {

	private final OidcUserService users = new OidcUserService();

	private final ConsoleProperties properties;

	IdentityProviderAdmins(ConsoleProperties properties) {
		this.properties = properties;
	}

	@Override
	public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
		OidcUser user = users.loadUser(request);
		if (!isAdmin(user.getClaims(), properties.adminClaim(), properties.adminGroup())) {
			throw new NotAnAdmin(user.getSubject());
		}
		return new ConsoleOperator(List.of(new SimpleGrantedAuthority("ROLE_ADMIN")), user.getIdToken(), user.getUserInfo());
	}

	static boolean isAdmin(Map<String, Object> claims, String claimPath, @Nullable String adminGroup) {
		if (adminGroup == null || adminGroup.isEmpty()) {
			return false;
		}
		Object value = claims;
		for (String step : claimPath.split("\\.")) {
			if (!(value instanceof Map<?, ?> map)) {
				return false;
			}
			value = map.get(step);
		}
		if (value instanceof String single) {
			return single.equals(adminGroup);
		}
		return value instanceof Collection<?> values && values.contains(adminGroup);
	}

	/** A valid identity that is not an admin's. */
	static final class NotAnAdmin extends OAuth2AuthenticationException {

		private final String subject;

		NotAnAdmin(String subject) {
			super(new OAuth2Error("not_an_admin", "This identity is not a tokenmint admin.", null));
			this.subject = subject;
		}

		String subject() {
			return subject;
		}

	}

}
