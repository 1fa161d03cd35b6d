package io.tokenmint.ratelimit;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits requests that carry no credentials by remote address, whatever they ask for: health, JWKS and docs
 * are open to anyone, and anyone may send them at any pace.
 */
public class AnonymousRateLimit extends OncePerRequestFilter {

	private final Throttles throttles;

	public AnonymousRateLimit(Throttles throttles) {
		this.throttles = throttles;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
			var verdict = throttles.takeForAnonymous(request.getRemoteAddr());
			if (!verdict.allowed()) {
				throttles.refuse(verdict, "requests from this address", request, response);
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
