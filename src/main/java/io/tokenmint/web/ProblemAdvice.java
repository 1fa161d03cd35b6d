package io.tokenmint.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;
import io.tokenmint.problem.Violation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every exception into {@code application/problem+json} with a code from {@link ProblemCode}. Bodies
 * use fixed wording: parser messages can quote the request, and the request can hold a secret.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemAdvice {

	private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

	private final Problems problems;

	ProblemAdvice(Problems problems) {
		this.problems = problems;
	}

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<ProblemDetail> problem(ProblemException ex, HttpServletRequest request) {
		return answer(ex.code(), ex.getMessage(), ex.violations(), request);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodySizeLimit.BodyTooLarge) {
				return answer(ProblemCode.PAYLOAD_TOO_LARGE, "Bodies are limited to " + BodySizeLimit.MAX_BODY_BYTES + " bytes.", List.of(), request);
			}
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnrecognizedPropertyException unknown) {
				String pointer = pointer(unknown);
				return answer(ProblemCode.UNKNOWN_FIELD, "This field is not part of the request.",
						List.of(new Violation(ProblemCode.UNKNOWN_FIELD, pointer, "unknown field")), request);
			}
			if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
				String pointer = pointer(mismatch);
				return answer(ProblemCode.WRONG_TYPE, "A field has the wrong JSON type.",
						List.of(new Violation(ProblemCode.WRONG_TYPE, pointer, "wrong JSON type")), request);
			}
			if (cause instanceof StreamReadException || cause instanceof JacksonException) {
				// Where the parser stopped, as numbers only: its message can quote the body, and a body can hold a secret.
				var location = ((JacksonException) cause).getLocation();
				if (location != null && location.getLineNr() > 0) {
					return answer(ProblemCode.MALFORMED_JSON, "The body is not one well-formed JSON object: the parser stopped at line "
							+ location.getLineNr() + ", column " + location.getColumnNr() + ".", List.of(), request);
				}
				break;
			}
		}
		return answer(ProblemCode.MALFORMED_JSON, "The body is missing or is not one well-formed JSON object.", List.of(), request);
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ProblemDetail> unsupportedMediaType(HttpServletRequest request) {
		return answer(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.", List.of(), request);
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<ProblemDetail> notAcceptable(HttpServletRequest request) {
		return answer(ProblemCode.NOT_ACCEPTABLE, "None of the media types the Accept header names can be answered here; "
				+ "the API document (/v3/api-docs) lists each endpoint's.", List.of(), request);
	}

	/** With {@code Allow}, as RFC 9110 asks of a 405: the methods the path does take. */
	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ProblemDetail> methodNotAllowed(HttpRequestMethodNotSupportedException ex, HttpServletRequest request) {
		var allowed = ex.getSupportedHttpMethods();
		ResponseEntity<ProblemDetail> answer = answer(ProblemCode.METHOD_NOT_ALLOWED, "This method is not allowed here"
				+ (allowed == null || allowed.isEmpty() ? "." : "; Allow lists those that are."), List.of(), request);
		if (allowed == null || allowed.isEmpty()) {
			return answer;
		}
		return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders()).allow(allowed.toArray(org.springframework.http.HttpMethod[]::new))
			.body(answer.getBody());
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<ProblemDetail> notFound(HttpServletRequest request) {
		return answer(ProblemCode.NOT_FOUND, "Nothing here.", List.of(), request);
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class })
	ResponseEntity<ProblemDetail> badParameter(HttpServletRequest request) {
		return answer(ProblemCode.INVALID_PARAMETER, "A query or path parameter is missing or malformed.", List.of(), request);
	}

	/** The firewall checks some parts of a request only when they are read, which may be in a controller. */
	@ExceptionHandler(RequestRejectedException.class)
	ResponseEntity<ProblemDetail> rejected(HttpServletRequest request) {
		return answer(ProblemCode.REQUEST_REJECTED, "The request's path, method or headers are malformed.", List.of(), request);
	}

	@ExceptionHandler(DataAccessException.class)
	ResponseEntity<ProblemDetail> databaseUnavailable(DataAccessException ex, HttpServletRequest request) {
		log.error("Database unavailable: {}", ex.getClass().getSimpleName());
		return answer(ProblemCode.SERVICE_UNAVAILABLE, "Storage is unavailable; retry shortly.", List.of(), request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
		if (ex instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
			return answer(ProblemCode.INVALID_PARAMETER, "The request cannot be processed.", List.of(), request);
		}
		log.error("Unexpected failure answering {} {}", request.getMethod(), request.getRequestURI(), ex);
		return answer(ProblemCode.INTERNAL_ERROR, "Something went wrong on our side; the request id helps us find it.", List.of(), request);
	}

	private ResponseEntity<ProblemDetail> answer(ProblemCode code, String detail, List<Violation> violations,
			HttpServletRequest request) {
		return ResponseEntity.status(code.status())
			.headers(problems.headers(code))
			.body(problems.build(code, detail, violations, request));
	}

	/** RFC 6901 pointer to where Jackson stopped, with names escaped; Problems caps its length. */
	private static String pointer(JacksonException ex) {
		StringBuilder pointer = new StringBuilder();
		for (JacksonException.Reference ref : ex.getPath()) {
			pointer.append('/');
			if (ref.getPropertyName() != null) {
				pointer.append(ref.getPropertyName().replace("~", "~0").replace("/", "~1"));
			}
			else if (ref.getIndex() >= 0) {
				pointer.append(ref.getIndex());
			}
		}
		return pointer.toString();
	}

}
