package io.tokenmint.ratelimit;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stops bearer tokens from an address that keeps presenting invalid credentials before their signature is
 * checked: guessing costs the guesser a wait instead of costing us a verification each time. (Unknown API
 * keys from such an address are refused in the security module's {@code ApiKeyAuthenticationFilter}, which still lets recognised
 * keys through.)
 */
public class FailedAuthenticationThrottle extends OncePerRequestFilter {

	private final Throttles throttles;

	public FailedAuthenticationThrottle(Throttles throttles) {
		this.throttles = throttles;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getHeader(HttpHeaders.AUTHORIZATION) != null && throttles.failingTooOften(request.getRemoteAddr())) {
			throttles.refuse(new Throttles.Verdict(false, 1), "failed authentications from this address", request, response);
			return;
		}
		chain.doFilter(request, response);
	}

}
