package io.tokenmint.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.tokenmint.problem.ProblemCode;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decodes a request's parameters (query string, form body) before anything reads them: Tomcat refuses
 * percent-encoded bytes that are not UTF-8 only when a parameter is first read, from deep inside whichever
 * filter reads it (the CSRF check, the login form), as an exception whose message quotes the value, which may be
 * the admin key typed into the sign-in form. Here it becomes a 400 and nothing of the value is logged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class FormEncodingCheck extends OncePerRequestFilter {

	private final Problems problems;

	FormEncodingCheck(Problems problems) {
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		// The token path (JSON, no query string) passes without a look.
		return request.getQueryString() == null && !isForm(request.getContentType());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			request.getParameterMap();
		}
		catch (InvalidParameterException malformed) {
			problems.write(ProblemCode.MALFORMED_FORM, "The query string or form body is not UTF-8 percent-encoding.", request, response);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isForm(String contentType) {
		return contentType != null && contentType.regionMatches(true, 0, MediaType.APPLICATION_FORM_URLENCODED_VALUE, 0,
				MediaType.APPLICATION_FORM_URLENCODED_VALUE.length());
	}

}
