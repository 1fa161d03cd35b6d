package io.tokenmint.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.web.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Refuses an {@code Origin} header that is not an origin before CORS processing reads it: Spring's CORS
 * check parses it as a URI and throws on a malformed one, which would otherwise surface as a 500.
 * Found by the hostile-input properties.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class OriginHeaderCheck extends OncePerRequestFilter {

	private final Problems problems;

	OriginHeaderCheck(Problems problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin != null && !parses(origin)) {
			problems.write(ProblemCode.INVALID_HEADER, "The Origin header is not an origin.", request, response);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean parses(String origin) {
		try {
			UriComponentsBuilder.fromUriString(origin);
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
