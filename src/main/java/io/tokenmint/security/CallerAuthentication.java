package io.tokenmint.security;

import java.util.List;

import io.tokenmint.caller.Caller;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated {@link Caller}, with the role its kind implies. Holds no credential. */
final class CallerAuthentication extends AbstractAuthenticationToken {

	private final Caller caller;

	public CallerAuthentication(Caller caller) {
		super(List.of(new SimpleGrantedAuthority("ROLE_" + caller.kind().toUpperCase(java.util.Locale.ROOT))));
		this.caller = caller;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public Caller getPrincipal() {
		return caller;
	}

	@Override
	public String getName() {
		return caller.kind() + ":" + caller.id();
	}

}
