package io.tokenmint.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.tokenmint.problem.ProblemCode;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a body sent with a {@code Content-Encoding} (gzip, say) with 415, as RFC 9110 (section 15.5.16) has it:
 * tokenmint reads bodies as they come, so an encoded one would otherwise read as malformed JSON, a 400 that sends
 * the caller looking in the wrong place. {@code identity} is no encoding.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
class EncodedBodyRefusal extends OncePerRequestFilter {

	private final Problems problems;

	EncodedBodyRefusal(Problems problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
		boolean body = request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
		if (body && encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
			response.setHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
			problems.write(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "Send the body without Content-Encoding; tokenmint takes bodies unencoded.",
					request, response);
			return;
		}
		chain.doFilter(request, response);
	}

}
