package io.tokenmint.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Builds the one error body shape tokenmint answers with (RFC 9457 plus {@code code}, {@code request_id}
 * and, for invalid bodies, {@code errors}), for the MVC advice and for filters that answer before MVC.
 */
@Component
public class Problems {

	/** How long a client should wait after a 503: the database or a key is expected back soon. */
	private static final String RETRY_AFTER_SECONDS = "1";

	/** The most violations one answer lists; {@code errors_omitted} counts the rest. */
	static final int MAX_VIOLATIONS = 20;

	private static final int MAX_POINTER = 256;

	private final JsonMapper json;

	Problems(JsonMapper json) {
		this.json = json;
	}

	public ProblemDetail build(ProblemCode code, String detail, List<Violation> violations, HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
		problem.setType(code.type());
		problem.setTitle(code.title());
		problem.setProperty("code", code.name());
		problem.setProperty("request_id", RequestIds.of(request));
		if (!violations.isEmpty()) {
			problem.setProperty("pointer", shortened(violations.get(0).pointer()));
			// A body of 30,000 wrong items must not earn a 30,000-item answer: the answer stays small.
			problem.setProperty("errors", violations.stream()
				.limit(MAX_VIOLATIONS)
				.map(v -> Map.of("code", v.code().name(), "pointer", shortened(v.pointer()), "detail", v.detail()))
				.toList());
			if (violations.size() > MAX_VIOLATIONS) {
				problem.setProperty("errors_omitted", violations.size() - MAX_VIOLATIONS);
			}
		}
		return problem;
	}

	/** A pointer to a field whose name is itself hostile (60 KB long, say) is cut, not echoed. */
	private static String shortened(String pointer) {
		if (pointer.length() <= MAX_POINTER) {
			return pointer;
		}
		int end = Character.isHighSurrogate(pointer.charAt(MAX_POINTER - 1)) ? MAX_POINTER - 1 : MAX_POINTER;
		return pointer.substring(0, end) + "\u2026";
	}

	/** Writes a problem straight to the response, for answers given before MVC sees the request. */
	public void write(ProblemCode code, String detail, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		ProblemDetail problem = build(code, detail, List.of(), request);
		response.setStatus(code.status().value());
		headers(code).forEach((name, values) -> values.forEach(value -> response.setHeader(name, value)));
		json.writeValue(response.getOutputStream(), problem);
	}

	/** The headers every error answer carries: problem+json, never cached, and when to retry a 503. */
	public HttpHeaders headers(ProblemCode code) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		headers.setCacheControl("no-store");
		if (code.status() == HttpStatus.SERVICE_UNAVAILABLE) {
			headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		}
		return headers;
	}

}
