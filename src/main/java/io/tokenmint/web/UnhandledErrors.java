package io.tokenmint.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.tokenmint.problem.ProblemCode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The last line: an exception that escapes a filter (MVC's own are answered by the problem advice) becomes the
 * same problem body as every other error, with the request id, instead of the container's error page.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class UnhandledErrors extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(UnhandledErrors.class);

	private final Problems problems;

	UnhandledErrors(Problems problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RequestRejectedException ex) {
			// Read lazily, past the firewall's own handler: the caller's request is malformed, nothing failed here.
			if (response.isCommitted()) {
				throw ex;
			}
			response.reset();
			response.setHeader(RequestIds.HEADER, RequestIds.of(request));
			problems.write(ProblemCode.REQUEST_REJECTED, "The request's path, method or headers are malformed.", request, response);
		}
		catch (ServletException | RuntimeException ex) {
			log.error("Unhandled failure answering {} {}", request.getMethod(), request.getRequestURI(), ex);
			if (response.isCommitted()) {
				throw ex;
			}
			response.reset();
			response.setHeader(RequestIds.HEADER, RequestIds.of(request));
			problems.write(ProblemCode.INTERNAL_ERROR, "Something went wrong on our side; the request id helps us find it.", request,
					response);
		}
	}

}
