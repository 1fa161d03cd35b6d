package io.tokenmint.console;

import java.util.List;

import io.tokenmint.client.AdminKey;
import io.tokenmint.ratelimit.Throttles;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The embedded default's sign-in: the admin key, typed once into the sign-in form, becomes a session. The key
 * itself is compared in constant time and then forgotten; the session holds only who signed in.
 */
final class AdminKeySignIn implements AuthenticationProvider {

	/** The audit's actor for a key sign-in: kind {@code admin}, id {@code console}. */
	static final String OPERATOR = "admin:console";

	private static final int MAX_KEY_LENGTH = 512;

	private final AdminKey adminKey;

	private final Throttles throttles;

	AdminKeySignIn(AdminKey adminKey, Throttles throttles) {
		this.adminKey = adminKey;
		this.throttles = throttles;
	}

	@Override
	public Authentication authenticate(Authentication attempt) throws AuthenticationException {
		String address = attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : "";
		if (throttles.failingTooOften(address)) {
			throw new TooManyFailedSignIns();
		}
		String key = attempt.getCredentials() instanceof String presented ? presented : "";
		if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !adminKey.matches(key)) {
			throttles.failedAuthentication(address);
			throw new BadCredentialsException("wrong admin key");
		}
		return UsernamePasswordAuthenticationToken.authenticated(OPERATOR, null, List.of(new SimpleGrantedAuthority("ROLE_ADMIN")));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/** The address has failed too often; even the right key waits. */
	static final class TooManyFailedSignIns extends AuthenticationException {

		TooManyFailedSignIns() {
			super("too many failed sign-ins from this address");
		}

	}

}
