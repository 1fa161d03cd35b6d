package io.tokenmint.console;

import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * An operator signed in through the identity provider. Named {@code admin:<subject>} so that the audit
 * records each console change under the identity that made it.
 */
final class ConsoleOperator extends DefaultOidcUser {

	ConsoleOperator(Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken, OidcUserInfo userInfo) {
		super(authorities, idToken, userInfo);
	}

	@Override
	public String getName() {
		return "admin:" + getSubject();
	}

}
