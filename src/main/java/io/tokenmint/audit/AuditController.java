package io.tokenmint.audit;

import java.time.Instant;

import tools.jackson.databind.json.JsonMapper;

import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Who got access to what, when: the audit for operators. */
@RestController
@RequestMapping("/admin/audit")
class AuditController {

	static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	private final AuditQuery audit;

	private final JsonMapper json;

	AuditController(AuditQuery audit, JsonMapper json) {
		this.audit = audit;
		this.json = json;
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	AuditQuery.Page list(@RequestParam(required = false) String kind, @RequestParam(required = false) String subject,
			@RequestParam(name = "document_id", required = false) String documentId,
			@RequestParam(required = false) String outcome, @RequestParam(required = false) String since,
			@RequestParam(required = false) String until, @RequestParam(defaultValue = "" + AuditQuery.DEFAULT_LIMIT) int limit,
			@RequestParam(required = false) String cursor) {
		return audit.page(filter(kind, subject, documentId, outcome, since, until, cursor), limit);
	}

	@GetMapping(path = "/export", produces = "application/x-ndjson")
	ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String kind,
			@RequestParam(required = false) String subject,
			@RequestParam(name = "document_id", required = false) String documentId,
			@RequestParam(required = false) String outcome, @RequestParam(required = false) String since,
			@RequestParam(required = false) String until) {
		return ndjson(audit, json, filter(kind, subject, documentId, outcome, since, until, null));
	}

	/** Every record the filter matches, one JSON object a line, streamed as it is read. */
	static ResponseEntity<StreamingResponseBody> ndjson(AuditQuery audit, JsonMapper json, AuditQuery.Filter filter) {
		StreamingResponseBody body = out -> audit.each(filter, record -> {
			try {
				out.write(json.writeValueAsBytes(record));
				out.write('\n');
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		});
		return ResponseEntity.ok().contentType(NDJSON).body(body);
	}

	static AuditQuery.Filter filter(String kind, String subject, String documentId, String outcome, String since,
			String until, String cursor) {
		return new AuditQuery.Filter(kind, subject, documentId, outcome, instant("since", since), instant("until", until),
				cursor(cursor));
	}

	static Instant instant(String name, String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw new InvalidRequest(ProblemCode.INVALID_PARAMETER, "/" + name, name + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
		}
	}

	static Long cursor(String value) {
		if (value == null) {
			return null;
		}
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			throw new InvalidRequest(ProblemCode.INVALID_PARAMETER, "/cursor", "cursor must be a next_cursor from an earlier page");
		}
	}

}
