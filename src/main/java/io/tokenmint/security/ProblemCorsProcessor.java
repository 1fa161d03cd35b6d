package io.tokenmint.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.web.Problems;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;

/** Spring's CORS checks, with a refused origin answered as a problem like every other refusal, not as bare text. */
final class ProblemCorsProcessor extends DefaultCorsProcessor {

	private final Problems problems;

	ProblemCorsProcessor(Problems problems) {
		this.problems = problems;
	}

	@Override
	public boolean processRequest(@Nullable CorsConfiguration config, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (super.processRequest(config, request, response)) {
			return true;
		}
		problems.write(ProblemCode.ORIGIN_NOT_ALLOWED, "This origin may not call tokenmint from a browser; "
				+ "tokenmint.cors.allowed-origins lists those that may.", request, response);
		return false;
	}

	/** Left to {@link #processRequest}, which has the request the problem names. */
	@Override
	protected void rejectRequest(ServerHttpResponse response) {
	}

}
