package io.tokenmint.web;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id, put on every log line (MDC {@code request_id}), in the {@code X-Request-Id}
 * answer header and in every error body. A well-formed incoming id is kept so a trace spans services.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds extends OncePerRequestFilter {

	public static final String HEADER = "X-Request-Id";

	static final String ATTRIBUTE = RequestIds.class.getName();

	private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{8,64}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String incoming = request.getHeader(HEADER);
		String id = incoming != null && WELL_FORMED.matcher(incoming).matches() ? incoming : newId();
		request.setAttribute(ATTRIBUTE, id);
		response.setHeader(HEADER, id);
		MDC.put("request_id", id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove("request_id");
		}
	}

	/** A request id needs to be unique, not secret: no SecureRandom on the hot path. */
	private static String newId() {
		var random = ThreadLocalRandom.current();
		return new UUID(random.nextLong(), random.nextLong()).toString();
	}

	public static String of(HttpServletRequest request) {
		Object id = request.getAttribute(ATTRIBUTE);
		return id == null ? "" : id.toString();
	}

}
